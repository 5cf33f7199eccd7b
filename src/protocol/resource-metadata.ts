import { isHttpUrl } from './discovery';
import { PlaygroundError } from './errors';
import type { HttpRequest, HttpResponse } from './http';
import { readJsonObject } from './token-response';
import { parseWwwAuthenticate } from './www-authenticate';

/** The well-known suffix of RFC 9728 protected resource metadata. */
export const RESOURCE_METADATA_SUFFIX = '/.well-known/oauth-protected-resource';

/** Protected resource metadata, as much of it as the playground reads. */
export interface ProtectedResourceMetadata {
  resource: string;
  authorization_servers?: string[];
  scopes_supported?: string[];
  bearer_methods_supported?: string[];
  resource_name?: string;
  resource_documentation?: string;
  dpop_signing_alg_values_supported?: string[];
  dpop_bound_access_tokens_required?: boolean;
  [member: string]: unknown;
}

function parseUrl(value: string, what: string): URL {
  try {
    return new URL(value);
  } catch {
    throw new PlaygroundError('INVALID_PARAMETER', `${what} is not an absolute URL: "${value}"`, {
      cause: { expected: 'an absolute URL', actual: value },
    });
  }
}

/**
 * The metadata URL of a resource: the well-known suffix goes between the host and the path, and a
 * query is kept (`https://api.example/v1/me` → `https://api.example/.well-known/oauth-protected-resource/v1/me`).
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.1
 */
export function buildResourceMetadataUrl(resource: string): string {
  const url = parseUrl(resource, 'The resource');
  if (url.hash !== '') {
    throw new PlaygroundError('INVALID_PARAMETER', 'A resource identifier must not contain a fragment', {
      cause: { expected: 'no #fragment', actual: resource },
    });
  }
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.origin}${RESOURCE_METADATA_SUFFIX}${path}${url.search}`;
}

/**
 * The `resource_metadata` URL a resource server names in its `WWW-Authenticate` challenge (any
 * scheme), or `undefined` when it names none.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5.1
 */
export function readResourceMetadataFromChallenge(header: string): string | undefined {
  try {
    return parseWwwAuthenticate(header).find((challenge) => challenge.params.resource_metadata !== undefined)
      ?.params.resource_metadata;
  } catch {
    return undefined;
  }
}

/**
 * A GET of the metadata URL.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.1
 */
export function buildResourceMetadataRequest(metadataUrl: string): HttpRequest {
  return {
    method: 'GET',
    url: parseUrl(metadataUrl, 'The metadata URL').toString(),
    headers: { accept: 'application/json' },
  };
}

/**
 * Reads protected resource metadata and checks it as RFC 9728 §3.3 requires: `resource` must be
 * identical to the resource the client asked about (else `RESOURCE_MISMATCH`: the document may be
 * an impersonation); `authorization_servers` must be absolute URLs (`RESOURCE_METADATA_INVALID`).
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.2
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.3
 */
export function parseResourceMetadataResponse(
  response: HttpResponse,
  expectedResource: string,
): ProtectedResourceMetadata {
  if (response.status < 200 || response.status > 299) {
    throw new PlaygroundError(
      'DISCOVERY_FAILED',
      `The protected resource metadata answered HTTP ${response.status}`,
      {
        cause: { expected: 200, actual: response.status },
      },
    );
  }
  const body = readJsonObject(response, 'protected resource metadata');
  const resource = body.resource;
  if (typeof resource !== 'string' || resource === '') {
    throw new PlaygroundError(
      'RESOURCE_METADATA_INVALID',
      'The protected resource metadata has no "resource"',
      {
        cause: { expected: 'a resource URL', actual: resource },
      },
    );
  }
  if (resource !== expectedResource) {
    throw new PlaygroundError(
      'RESOURCE_MISMATCH',
      `The metadata is for "${resource}", not for "${expectedResource}": RFC 9728 §3.3 says not to use it`,
      { cause: { expected: expectedResource, actual: resource } },
    );
  }
  const servers = body.authorization_servers;
  if (servers !== undefined) {
    if (
      !Array.isArray(servers) ||
      servers.some((server) => typeof server !== 'string' || !isHttpUrl(server))
    ) {
      throw new PlaygroundError(
        'RESOURCE_METADATA_INVALID',
        '"authorization_servers" must be an array of issuer URLs',
        {
          cause: { expected: 'an array of absolute URLs', actual: servers },
        },
      );
    }
  }
  return body as ProtectedResourceMetadata;
}

/**
 * Where to read an authorization server's metadata, in the order to try: RFC 8414 (suffix after
 * the host, before the path) and OpenID Connect Discovery (suffix after the issuer).
 * @see https://www.rfc-editor.org/rfc/rfc8414#section-3.1
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationRequest
 */
export function buildAuthorizationServerMetadataUrls(issuer: string): string[] {
  const url = parseUrl(issuer, 'The issuer');
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return [
    `${url.origin}/.well-known/oauth-authorization-server${path}`,
    `${url.origin}${path}/.well-known/openid-configuration`,
  ];
}

/**
 * The first call a client makes to a resource it knows nothing about: a GET without a token, whose
 * 401 challenge may name the metadata.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5
 */
export function buildResourceProbeRequest(resource: string): HttpRequest {
  buildResourceMetadataUrl(resource);
  return { method: 'GET', url: new URL(resource).toString(), headers: { accept: 'application/json' } };
}

/** Where the metadata is read from, and what led there. */
export interface ResourceMetadataLocation {
  url: string;
  /** `challenge`: the 401's `resource_metadata`; `well-known`: the URL built from the resource. */
  source: 'challenge' | 'well-known';
  /** Why the well-known URL was used: no challenge, no `resource_metadata`, or an unusable one. */
  reason?: string;
}

/**
 * The metadata URL of a resource: the `resource_metadata` of its `WWW-Authenticate` challenge when
 * the probe got one that names an http(s) URL, else the well-known URL built from the resource.
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-5.1
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-3.1
 */
export function locateResourceMetadata(
  resource: string,
  probe: HttpResponse | undefined,
): ResourceMetadataLocation {
  const wellKnown = (reason: string): ResourceMetadataLocation => ({
    url: buildResourceMetadataUrl(resource),
    source: 'well-known',
    reason,
  });
  if (probe === undefined) return wellKnown('the API was not called, so there is no challenge to read');
  const header = probe.headers['www-authenticate'];
  if (header === undefined || header === '') {
    return wellKnown(`the API answered HTTP ${probe.status} without a WWW-Authenticate challenge`);
  }
  const named = readResourceMetadataFromChallenge(header);
  if (named === undefined) return wellKnown('its WWW-Authenticate challenge has no "resource_metadata"');
  if (!isHttpUrl(named)) {
    return wellKnown(`"resource_metadata" in its challenge is not an http(s) URL: "${named}"`);
  }
  return { url: named, source: 'challenge' };
}

/** Whether two absolute URLs share scheme, host and port (`false` when either is not a URL). */
export function isSameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** Starting values for a flow to a resource found through its metadata. */
export interface ResourceFlowParams {
  /** The RFC 8707 resource indicator: the metadata's `resource`. */
  resource: string;
  /** The resource's `scopes_supported`, after `openid` when the server lists that scope. */
  scope: string;
}

/**
 * What a flow for the resource asks for: `resource` (RFC 8707) is the metadata's `resource`, and
 * `scope` its `scopes_supported`, with `openid` first when the authorization server lists it (so
 * the flow also gets an ID token).
 * @see https://www.rfc-editor.org/rfc/rfc9728#section-2
 * @see https://www.rfc-editor.org/rfc/rfc8707#section-2
 */
export function suggestResourceFlowParams(
  metadata: ProtectedResourceMetadata,
  serverScopes: readonly string[] | undefined,
): ResourceFlowParams {
  const scopes = (metadata.scopes_supported ?? []).filter((scope) => typeof scope === 'string');
  const openid = serverScopes?.includes('openid') === true && !scopes.includes('openid');
  return { resource: metadata.resource, scope: [...(openid ? ['openid'] : []), ...scopes].join(' ') };
}
