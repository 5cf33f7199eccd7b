import { parseDiscoveryResponse, type DiscoveryDocument } from '@/protocol/discovery';
import { isPlaygroundError } from '@/protocol/errors';
import type { Exchange } from '@/protocol/http';
import {
  buildAuthorizationServerMetadataUrls,
  buildResourceMetadataRequest,
  buildResourceMetadataUrl,
  buildResourceProbeRequest,
  locateResourceMetadata,
  parseResourceMetadataResponse,
  type ProtectedResourceMetadata,
  type ResourceMetadataLocation,
} from '@/protocol/resource-metadata';
import { buildDiscoveryRequest } from '@/protocol/discovery';
import type { ProviderChoice } from '@/protocol/providers';
import type { ResourceFlowParams } from '@/protocol/resource-metadata';
import type { SetupContent } from '@/state/setups';
import { sendRequest } from '@/transport/send';

/** A step that failed with a message meant for the user, and the code that names the failure. */
export interface StepProblem {
  code: string;
  message: string;
}

function toProblem(error: unknown): StepProblem {
  return isPlaygroundError(error)
    ? { code: error.code, message: error.message }
    : { code: 'UNKNOWN', message: error instanceof Error ? error.message : String(error) };
}

export interface ProbeResult {
  exchange: Exchange;
  location: ResourceMetadataLocation;
}

/**
 * Calls the API without a token (RFC 9728 §5) and reads where its metadata is: the challenge's
 * `resource_metadata`, else the well-known URL. Throws a `PlaygroundError` for a URL that is not one.
 */
export async function probeResource(apiUrl: string): Promise<ProbeResult> {
  const exchange = await sendRequest(buildResourceProbeRequest(apiUrl), {
    label: 'Protected resource: call without a token (RFC 9728 §5)',
  });
  if (exchange.response) return { exchange, location: locateResourceMetadata(apiUrl, exchange.response) };
  return {
    exchange,
    location: {
      url: buildResourceMetadataUrl(apiUrl),
      source: 'well-known',
      reason: `the call got no answer (${exchange.failure?.message ?? 'no response'})`,
    },
  };
}

export type MetadataResult =
  { exchange: Exchange; metadata: ProtectedResourceMetadata } | { exchange: Exchange; problem: StepProblem };

/** Reads the metadata and checks it against the API URL the user asked about (RFC 9728 §3.3). */
export async function readResourceMetadata(metadataUrl: string, apiUrl: string): Promise<MetadataResult> {
  const exchange = await sendRequest(buildResourceMetadataRequest(metadataUrl), {
    label: 'Protected resource metadata (RFC 9728 §3)',
  });
  if (!exchange.response) {
    return {
      exchange,
      problem: {
        code: exchange.failure?.code ?? 'NETWORK',
        message: exchange.failure?.message ?? 'No response.',
      },
    };
  }
  try {
    return { exchange, metadata: parseResourceMetadataResponse(exchange.response, apiUrl) };
  } catch (error) {
    return { exchange, problem: toProblem(error) };
  }
}

export type ServerMetadataResult =
  | { exchanges: Exchange[]; url: string; document: DiscoveryDocument }
  | { exchanges: Exchange[]; problem: StepProblem };

/**
 * Reads an authorization server's metadata: RFC 8414's URL first, then OpenID Connect Discovery's
 * when the first does not answer 2xx. The document's `issuer` must be the one the resource named.
 */
export async function readAuthorizationServerMetadata(issuer: string): Promise<ServerMetadataResult> {
  const exchanges: Exchange[] = [];
  const tried: string[] = [];
  let urls: string[];
  try {
    urls = buildAuthorizationServerMetadataUrls(issuer);
  } catch (error) {
    return { exchanges, problem: toProblem(error) };
  }
  for (const url of urls) {
    const exchange = await sendRequest(buildDiscoveryRequest(url), {
      label: url.includes('/.well-known/openid-configuration')
        ? 'Authorization server metadata (OpenID Connect Discovery)'
        : 'Authorization server metadata (RFC 8414)',
    });
    exchanges.push(exchange);
    const response = exchange.response;
    if (!response || response.status < 200 || response.status > 299) {
      tried.push(
        `${url}: ${response ? `HTTP ${String(response.status)}` : (exchange.failure?.message ?? 'no answer')}`,
      );
      continue;
    }
    try {
      return { exchanges, url, document: parseDiscoveryResponse(response, issuer) };
    } catch (error) {
      return { exchanges, problem: toProblem(error) };
    }
  }
  return {
    exchanges,
    problem: {
      code: 'DISCOVERY_FAILED',
      message: `No metadata for ${issuer}: ${tried.join('; ')}.`,
    },
  };
}

/**
 * The flow setup for a resource: the authorization server as a Custom provider (at the metadata URL
 * that answered), code + PKCE, `resource` and `scope` from the metadata, and the API URL to call.
 * No client: the user brings one or registers one on the flow page.
 */
export function buildResourceSetup(
  current: ProviderChoice,
  metadataUrl: string,
  apiUrl: string,
  params: ResourceFlowParams,
): SetupContent {
  return {
    name: `API ${apiUrl}`.slice(0, 100),
    provider: { ...current, kind: 'custom', customUrl: metadataUrl },
    flowId: 'code-pkce',
    clientId: '',
    authMethod: 'none',
    via: 'direct',
    authorizeParams: { scope: params.scope, resource: params.resource },
    tokenParams: { api_url: apiUrl },
    extraParams: [],
  };
}
