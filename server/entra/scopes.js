// Entra's scope rules: a bare scope is a Graph scope, `{resource}/{scope}` names another API,
// `{resource}/.default` means "everything consented (or every app role) for that resource", and
// an access token is for one resource only.
// @see https://learn.microsoft.com/entra/identity-platform/scopes-oidc
import { GRAPH_APP_ID, GRAPH_RESOURCE, GRAPH_SCOPES, OIDC_SCOPES } from './config.js';

export class ScopeError extends Error {
  constructor(code, detail) {
    super(detail);
    this.code = code;
  }
}

/**
 * Splits a `scope` parameter into OpenID scopes and the resource scopes of each API, in order.
 * Throws ScopeError 70011 (unknown scope) or 500011 (unknown resource).
 * @param {string} value
 * @param {object[]} apps the tenant's app registrations
 */
export function parseScopes(value, apps) {
  const oidc = [];
  const resources = [];
  const add = (resource, scope) => {
    let entry = resources.find((item) => item.id === resource.id);
    if (!entry) {
      entry = { ...resource, scopes: [] };
      resources.push(entry);
    }
    if (!entry.scopes.includes(scope)) entry.scopes.push(scope);
  };
  const graph = { id: GRAPH_RESOURCE, kind: 'graph', appId: GRAPH_APP_ID, known: GRAPH_SCOPES };
  for (const scope of String(value ?? '')
    .split(/\s+/)
    .filter(Boolean)) {
    if (OIDC_SCOPES.includes(scope)) {
      if (!oidc.includes(scope)) oidc.push(scope);
      continue;
    }
    const slash = scope.lastIndexOf('/');
    if (slash === -1) {
      if (!GRAPH_SCOPES.includes(scope))
        throw new ScopeError(
          70011,
          `The scope '${scope}' is not valid: no such delegated permission on Microsoft Graph.`,
        );
      add(graph, scope);
      continue;
    }
    const resourceId = scope.slice(0, slash);
    const name = scope.slice(slash + 1);
    let resource;
    if (resourceId === GRAPH_RESOURCE || resourceId === GRAPH_APP_ID) resource = graph;
    else {
      const app = apps.find(
        (item) => item.identifierUri === resourceId || (item.identifierUri && item.appId === resourceId),
      );
      if (!app)
        throw new ScopeError(
          500011,
          `The resource principal named ${resourceId} was not found in the tenant.`,
        );
      resource = {
        id: app.identifierUri,
        kind: 'api',
        appId: app.appId,
        known: app.scopes ?? [],
        roles: app.roles ?? [],
      };
    }
    if (name !== '.default' && !resource.known.includes(name))
      throw new ScopeError(
        70011,
        `The scope '${scope}' is not valid: ${resource.id} exposes no scope '${name}'.`,
      );
    add(resource, name);
  }
  return { oidc, resources };
}

/** The full names of a resource's scopes, as the token response's `scope` lists them. */
export function formatScopes(resource, scopes) {
  return scopes.map((scope) => (resource.kind === 'graph' ? scope : `${resource.id}/${scope}`));
}
