// The attack lab's servers, on loopback ports 4005–4009 and only for the lab: a lab issuer (4005,
// the honest one), the attacker's issuer (4006), two APIs (4007), the experiment runner the page
// calls (4008) and a deliberately careless issuer whose codes can be used twice (4009). The lab
// issuers know only the lab's clients; the playground's own IdP on 4000 is not touched.
import path from 'node:path';
import { closeServer, createServer, listenLoopback, readBody, sendJson } from '../http-util.js';
import { DEFAULT_DATA_DIR } from '../keys.js';
import { startIdp } from '../idp.js';
import { startAttackerIssuer } from './attacker-as.js';
import { buildLabClients, createExperiments } from './experiments.js';
import { startLabApis } from './lab-apis.js';

export const LAB_PORTS = Object.freeze({
  honest: 4005,
  attacker: 4006,
  apis: 4007,
  runner: 4008,
  careless: 4009,
});
const DEFENCES = new Set(['off', 'on']);

/**
 * Starts the lab. Port 0 picks free ports (tests).
 * @param {{ appOrigin: string, ports?: Partial<typeof LAB_PORTS>, dataDir?: string }} options
 */
export async function startLab({ appOrigin, ports = {}, dataDir = path.join(DEFAULT_DATA_DIR, 'lab') }) {
  const chosen = { ...LAB_PORTS, ...ports };
  const started = [];
  try {
    const idpOptions = { appOrigin, dataDir, clients: buildLabClients(appOrigin), pkceRequired: () => false };
    const honest = await startIdp({ ...idpOptions, port: chosen.honest });
    started.push(honest);
    const careless = await startIdp({ ...idpOptions, port: chosen.careless, reusableCodes: true });
    started.push(careless);
    const attacker = await startAttackerIssuer({ port: chosen.attacker, honestIssuer: honest.issuer });
    started.push(attacker);
    const apis = await startLabApis({ port: chosen.apis, issuer: honest.issuer, appOrigin });
    started.push(apis);
    const experiments = createExperiments({
      appOrigin,
      honest: honest.issuer,
      careless: careless.issuer,
      attacker,
      apis: apis.origin,
    });
    const runner = await startRunner({ port: chosen.runner, appOrigin, experiments });
    started.push(runner);
    return {
      runnerOrigin: runner.origin,
      issuers: { honest: honest.issuer, careless: careless.issuer, attacker: attacker.issuer },
      apisOrigin: apis.origin,
      experiments,
      close: () => Promise.all(started.map((server) => server.close())).then(() => undefined),
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
}

/** The endpoint the page calls: POST /experiments/{id} with {"defence": "off" | "on"}. */
async function startRunner({ port, appOrigin, experiments }) {
  let queue = Promise.resolve();
  const cors = { 'access-control-allow-origin': appOrigin, vary: 'Origin' };
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const origin = req.headers.origin;
    const host = req.headers.host ?? '';
    if (!/^(localhost|127\.0\.0\.1):\d+$/.test(host) || (origin !== undefined && origin !== appOrigin)) {
      sendJson(res, 403, {
        error: 'forbidden',
        error_description: 'the attack lab answers only the playground on this machine',
      });
      return;
    }
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type',
      });
      res.end();
      return;
    }
    if (req.method === 'GET' && url.pathname === '/health') {
      sendJson(res, 200, { ok: true, experiments: Object.keys(experiments) }, cors);
      return;
    }
    const id = /^\/experiments\/([\w-]+)$/.exec(url.pathname)?.[1];
    if (req.method !== 'POST' || id === undefined || !Object.hasOwn(experiments, id)) {
      sendJson(res, 404, { error: 'not_found', error_description: 'no such experiment' }, cors);
      return;
    }
    let defence;
    try {
      defence = JSON.parse(await readBody(req, 1024)).defence;
    } catch {
      defence = undefined;
    }
    if (!DEFENCES.has(defence)) {
      sendJson(
        res,
        400,
        {
          error: 'invalid_request',
          error_description: 'body must be {"defence": "off"} or {"defence": "on"}',
        },
        cors,
      );
      return;
    }
    // One experiment at a time: they share the lab issuers' sessions and the attacker's loot.
    const run = queue.then(() => experiments[id](defence));
    queue = run.catch(() => undefined);
    try {
      sendJson(res, 200, { id, defence, ...(await run) }, cors);
    } catch (error) {
      sendJson(res, 502, { error: 'experiment_failed', error_description: error.message }, cors);
    }
  });
  const bound = await listenLoopback(server, port);
  return { origin: `http://localhost:${bound}`, close: () => closeServer(server) };
}
