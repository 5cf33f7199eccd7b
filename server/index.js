// Entry of the local companion: `node server/index.js` starts the IdP, the demo APIs and the relay
// on loopback. Tests import startCompanion (or the single servers) and pass free ports.
import { pathToFileURL } from 'node:url';
import { USERS, buildClients, resolveSettings } from './config.js';
import { startApis } from './apis.js';
import { describeDemoAssertionKey, startIdp } from './idp.js';
import { startRelay } from './relay.js';
import { startEntra } from './entra/index.js';
import { CLIENT_IDS, DEMO_CLIENT_SECRETS, USERS as ENTRA_USERS } from './entra/config.js';
import { startLab } from './lab/index.js';

export { startApis } from './apis.js';
export { startIdp } from './idp.js';
export { startRelay } from './relay.js';
export { startEntra } from './entra/index.js';

/**
 * Starts the three servers. Port 0 picks a free port (the relay is started first so that its
 * origin can be registered as a redirect URI).
 * @param {{ idpPort?: number, apiPort?: number, relayPort?: number, appOrigin?: string, dataDir?: string }} [options]
 * @returns {Promise<{ issuer: string, apiOrigin: string, relayOrigin: string, appOrigin: string, idp: object, apis: object, relay: object, close(): Promise<void> }>}
 */
export async function startCompanion(options = {}) {
  const settings = resolveSettings(options);
  const started = [];
  try {
    // The relay needs the IdP and API origins, and the IdP needs the relay origin: ports given
    // as 0 are resolved by starting each server before the next one is configured.
    const relayHolder = {};
    const relay = await startRelay({
      port: settings.relayPort,
      appOrigin: settings.appOrigin,
      localOrigins: [],
      getAssertionKey: () => relayHolder.getAssertionKey(),
      addAssertionKey: (jwk) => relayHolder.addAssertionKey(jwk),
    });
    started.push(relay);
    const idp = await startIdp({
      port: settings.idpPort,
      appOrigin: settings.appOrigin,
      relayOrigin: relay.origin,
      dataDir: options.dataDir,
    });
    started.push(idp);
    const apis = await startApis({
      port: settings.apiPort,
      issuer: idp.issuer,
      appOrigin: settings.appOrigin,
    });
    started.push(apis);
    idp.addApiOrigin(apis.origin);
    const entra = await startEntra({
      loginPort: settings.entraLoginPort,
      graphPort: settings.entraGraphPort,
      appOrigin: settings.appOrigin,
      relayOrigin: relay.origin,
    });
    started.push(entra);
    relay.allowLocalOrigin(idp.issuer);
    relay.allowLocalOrigin(apis.origin);
    // The local Entra tenant is one more cloud: the relay forwards to it as it does to the real ones.
    relay.allowLocalOrigin(entra.loginOrigin);
    relay.allowLocalOrigin(entra.graphOrigin);
    relayHolder.getAssertionKey = () => describeDemoAssertionKey(idp, 'the local companion');
    relayHolder.addAssertionKey = (jwk) => idp.addAssertionKey(jwk);
    return {
      issuer: idp.issuer,
      apiOrigin: apis.origin,
      relayOrigin: relay.origin,
      appOrigin: settings.appOrigin,
      entraLoginOrigin: entra.loginOrigin,
      entraGraphOrigin: entra.graphOrigin,
      entra,
      idp,
      apis,
      relay,
      close: () => Promise.all(started.map((server) => server.close())).then(() => undefined),
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
}

function printBanner(companion) {
  const clients = buildClients({ appOrigin: companion.appOrigin, relayOrigin: companion.relayOrigin });
  const lines = [
    'Token Playground companion (loopback only)',
    `  IdP (issuer)   ${companion.issuer}   discovery ${companion.issuer}/.well-known/openid-configuration`,
    `  Demo APIs      ${companion.apiOrigin}   /me  /api-a/chain  /api-b/data  /health`,
    `  Relay          ${companion.relayOrigin}   POST /relay  /relay/allow-list  POST /form-post  /demo/assertion-key`,
    `  App origin     ${companion.appOrigin}`,
    'Demo clients (demo secrets, see docs/local-idp.md):',
    ...clients.map((client) =>
      `  ${client.client_id.padEnd(22)} ${client.token_endpoint_auth_method.padEnd(20)} ${client.client_secret ? `secret ${client.client_secret}` : ''}`.trimEnd(),
    ),
    `  Local Entra    ${companion.entraLoginOrigin}   /{tenant}/v2.0/.well-known/openid-configuration (common, organizations, consumers, contoso.onmicrosoft.com, its id)`,
    `  Local Graph    ${companion.entraGraphOrigin}   /v1.0/me  /oidc/userinfo  (see docs/local-entra.md)`,
    'Local Entra app registrations (client ids; demo secrets):',
    ...Object.entries(CLIENT_IDS).map(([name, id]) =>
      `  ${name.padEnd(13)} ${id} ${DEMO_CLIENT_SECRETS[name] ?? ''}`.trimEnd(),
    ),
    `Local Entra users: ${ENTRA_USERS.map((user) => `${user.username} / ${user.password}`).join(', ')}`,
    'Demo users:',
    ...USERS.map((user) => `  ${user.username.padEnd(8)} password ${user.password}`),
    'Companion ready',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main() {
  const companion = await startCompanion();
  // The attack lab (ports 4005–4009) has its own issuers and clients; ATTACK_LAB=off leaves it out.
  const lab =
    process.env.ATTACK_LAB === 'off' ? undefined : await startLab({ appOrigin: companion.appOrigin });
  printBanner(companion);
  if (lab) {
    process.stdout.write(
      `Attack lab      runner ${lab.runnerOrigin}   issuers ${Object.values(lab.issuers).join(' ')}   APIs ${lab.apisOrigin}\n`,
    );
  }
  let closing = false;
  const shutdown = () => {
    if (closing) return;
    closing = true;
    Promise.all([companion.close(), lab?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

/**
 * Runs the companion as a program: starts it on the default ports, prints where everything is and
 * stops on SIGINT or SIGTERM, or says why it could not start and exits. `node server/index.js`
 * calls it, and so does the bundle that `npm start` runs (scripts/companion-bundle.mjs).
 */
export function runCompanionOrExit() {
  main().catch((error) => {
    process.stderr.write(`Companion failed to start: ${error.message}\n`);
    process.exit(1);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) runCompanionOrExit();
