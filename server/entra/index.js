// The local Entra-shaped tenant: login host (default port 4003) and Graph-like API (4004).
import { ENTRA_PORTS } from './config.js';
import { startEntraGraph } from './graph.js';
import { startEntraLogin } from './login.js';

/**
 * Starts both servers on loopback. Port 0 picks a free port (tests).
 * @param {{ loginPort?: number, graphPort?: number, appOrigin: string, relayOrigin: string }} options
 */
export async function startEntra({
  loginPort = ENTRA_PORTS.login,
  graphPort = ENTRA_PORTS.graph,
  appOrigin,
  relayOrigin,
}) {
  const holder = {};
  const graph = await startEntraGraph({
    port: graphPort,
    getLoginOrigin: () => holder.loginOrigin,
    getPublicJwk: () => holder.publicJwk,
  });
  let login;
  try {
    login = await startEntraLogin({ port: loginPort, appOrigin, relayOrigin, graphOrigin: graph.origin });
  } catch (error) {
    await graph.close();
    throw error;
  }
  holder.loginOrigin = login.origin;
  holder.publicJwk = login.publicJwk;
  return {
    loginOrigin: login.origin,
    graphOrigin: graph.origin,
    login,
    graph,
    close: () => Promise.all([login.close(), graph.close()]).then(() => undefined),
  };
}
