import type { DiscoveryDocument } from '../discovery';
import { PlaygroundError } from '../errors';
import { buildRequestObjectClaims, signRequestObject } from '../jar';
import { buildPushedAuthorizationRequest, parsePushedAuthorizationResponse } from '../par';
import { parseKey, resolveClientAuth } from './client';
import { failureOutcome } from './outcomes';
import type { FlowDefinition, FlowRun, RequestModes, RunSecrets, StepDefinition, StepOutcome } from './types';

/** Authorization parameters the modern-modes panel edits (the generic parameter list leaves them to it). */
export const MODERN_PARAMETER_NAMES: readonly string[] = [
  'authorization_details',
  'claims',
  'acr_values',
  'max_age',
];

/** Whether a flow offers the modern request modes (the authorization-code flows, which hold the PAR step). */
export function offersModernModes(flow: FlowDefinition): boolean {
  return flow.steps.some((step) => step.id === 'par');
}

/** Request-object algorithms the browser signs with, in order of preference. */
export const REQUEST_OBJECT_ALGS = ['PS256', 'RS256', 'ES256'] as const;
export type RequestObjectAlg = (typeof REQUEST_OBJECT_ALGS)[number];

/** What the person chose; a choice left unset follows the provider's requirement. */
export interface RequestModeChoice {
  par?: boolean;
  jar?: boolean;
  jarAlg?: RequestObjectAlg;
  /** Seconds from `iat` to `exp` of the request object (RFC 9101 §10.2 leaves it to the client). */
  jarLifetime?: number;
}

/**
 * The request-object algorithms a provider lists that the browser can sign with (all three when
 * it lists none).
 * @see https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderMetadata
 */
export function listRequestObjectAlgs(doc: DiscoveryDocument | undefined): RequestObjectAlg[] {
  const listed = doc?.request_object_signing_alg_values_supported;
  if (!Array.isArray(listed)) return [...REQUEST_OBJECT_ALGS];
  const usable = REQUEST_OBJECT_ALGS.filter((alg) => listed.includes(alg));
  return usable;
}

/**
 * The modes a run uses: only those discovery advertises (a PAR endpoint; `request_parameter_supported`),
 * each on when chosen, or when the provider requires it and nothing was chosen
 * (`require_pushed_authorization_requests`, `require_signed_request_object`).
 * @see https://www.rfc-editor.org/rfc/rfc9126#section-5
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-10.5
 */
export function resolveRequestModes(
  choice: RequestModeChoice | undefined,
  doc: DiscoveryDocument | undefined,
): RequestModes | undefined {
  if (!doc) return undefined;
  const modes: RequestModes = {};
  const endpoint = doc.pushed_authorization_request_endpoint;
  const parRequired = doc.require_pushed_authorization_requests === true;
  if (typeof endpoint === 'string' && endpoint !== '' && (choice?.par ?? parRequired)) {
    modes.par = { endpoint, ...(parRequired ? { required: true } : {}) };
  }
  const algs = listRequestObjectAlgs(doc);
  const jarRequired = doc.require_signed_request_object === true;
  if (doc.request_parameter_supported === true && algs.length > 0 && (choice?.jar ?? jarRequired)) {
    const alg = choice?.jarAlg !== undefined && algs.includes(choice.jarAlg) ? choice.jarAlg : algs[0];
    const lifetime = choice?.jarLifetime;
    const lifetimeSeconds =
      lifetime !== undefined && Number.isInteger(lifetime) && lifetime > 0
        ? { lifetimeSeconds: lifetime }
        : {};
    if (alg) modes.jar = { alg, ...lifetimeSeconds };
  }
  return modes.par || modes.jar ? modes : undefined;
}

const RFC9101 = 'https://www.rfc-editor.org/rfc/rfc9101';
const RFC9126 = 'https://www.rfc-editor.org/rfc/rfc9126';

/**
 * The authorization parameters of a run as they would go in the URL: the form's parameters, then
 * the custom ones, empty values left out (the last value wins when a name repeats).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export function collectAuthorizationParams(run: FlowRun): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, value] of [...Object.entries(run.authorizeParams), ...run.extraParams]) {
    if (name.trim() !== '' && value !== '') params[name.trim()] = value;
  }
  return params;
}

/** The key that signs the run's request object: the pasted one, else the `private_key_jwt` key. */
function requestObjectKey(run: FlowRun, secrets: RunSecrets): { key: string; kid?: string; from: string } {
  if (secrets.requestObjectKey?.trim()) {
    return {
      key: secrets.requestObjectKey,
      ...(secrets.requestObjectKeyId ? { kid: secrets.requestObjectKeyId } : {}),
      from: 'the request object key you gave',
    };
  }
  if (run.authMethod === 'private_key_jwt' && secrets.privateKey?.trim()) {
    return {
      key: secrets.privateKey,
      ...(secrets.keyId ? { kid: secrets.keyId } : {}),
      from: 'the client’s private_key_jwt key',
    };
  }
  throw new PlaygroundError(
    'KEY_INVALID',
    'No key to sign the request object: paste a private key (PKCS#8 PEM or JWK) or generate one under "Signed request object (JAR)"; with private_key_jwt the client’s key is used.',
    { cause: { expected: 'a private key', actual: '' } },
  );
}

/**
 * Signs the run's authorization parameters into a request object (`typ: oauth-authz-req+jwt`,
 * `iss` = `client_id`, `aud` = the issuer) with the key held in memory; the JWT is not secret (it
 * travels in the URL or the PAR body), the key never leaves memory.
 * @see https://www.rfc-editor.org/rfc/rfc9101#section-4
 */
export async function signRunRequestObject(
  run: FlowRun,
  secrets: RunSecrets,
  now?: number,
): Promise<StepOutcome> {
  try {
    const mode = run.modes?.jar;
    if (!mode) throw new PlaygroundError('INVALID_PARAMETER', 'This run does not use a request object.');
    const { key, kid, from } = requestObjectKey(run, secrets);
    const parsed = parseKey(key);
    const alg = typeof parsed === 'object' && parsed.kty === 'EC' ? 'ES256' : mode.alg;
    const params = collectAuthorizationParams(run);
    const claims = buildRequestObjectClaims({
      clientId: run.clientId,
      issuer: run.issuer,
      params,
      ...(now === undefined ? {} : { now }),
      ...(mode.lifetimeSeconds === undefined ? {} : { lifetimeSeconds: mode.lifetimeSeconds }),
    });
    const signed = await signRequestObject(claims, parsed, { alg, ...(kid ? { kid } : {}) });
    const travel = run.modes?.par ? 'in the PAR body' : 'in the redirect as "request"';
    return {
      ok: true,
      values: { request_object: signed.jwt },
      message: `Signed a request object with ${from} (alg ${alg}${kid ? `, kid ${kid}` : ''}) holding ${Object.keys(params).length} parameters, valid for ${Number(claims.exp) - Number(claims.iat)} s; it goes ${travel}.`,
    };
  } catch (error) {
    return failureOutcome(error);
  }
}

export const requestObjectStep: StepDefinition = {
  id: 'request-object',
  title: 'Sign the request object (JAR)',
  explanation:
    'The app puts the authorization parameters into a JWT and signs it with its private key, so that nobody between the app and the provider can change them; the provider checks the signature with the client’s registered key.',
  spec: { name: 'RFC 9101 §4', url: `${RFC9101}#section-4` },
  from: 'client',
  to: 'client',
  action: 'local',
  interaction: {
    kind: 'automatic',
    check: (run, secrets) => signRunRequestObject(run, secrets),
    status: 'Signing the request object…',
  },
  partOf: (run) => run.modes?.jar !== undefined,
};

export const parStep: StepDefinition = {
  id: 'par',
  title: 'Pushed authorization request (PAR)',
  explanation:
    'Before the redirect, the app POSTs the authorization parameters to the PAR endpoint over the back channel, authenticated like a token request; the provider answers with a one-time request_uri, and the redirect then carries only client_id and request_uri.',
  spec: { name: 'RFC 9126 §2', url: `${RFC9126}#section-2` },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'request_uri, expires_in',
  relayable: true,
  build: async (run, secrets) => {
    const endpoint = run.modes?.par?.endpoint;
    if (!endpoint) {
      throw new PlaygroundError(
        'DISCOVERY_MISSING_ENDPOINT',
        'The provider does not publish "pushed_authorization_request_endpoint", which PAR needs.',
        { cause: { expected: 'pushed_authorization_request_endpoint', actual: undefined } },
      );
    }
    const params = run.modes?.jar
      ? {
          client_id: run.clientId,
          request: requireRequestObject(run),
        }
      : collectAuthorizationParams(run);
    // RFC 9126 §2: the PAR endpoint accepts the issuer, the token endpoint or its own URL as an
    // assertion audience; the token endpoint is what assertions of this client already name.
    const audience = run.endpoints.token_endpoint ?? run.issuer;
    return buildPushedAuthorizationRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, audience),
      params,
    });
  },
  read: (_run, response, now = new Date()) => {
    try {
      const pushed = parsePushedAuthorizationResponse(response);
      const expiresAt = new Date(now.getTime() + pushed.expires_in * 1000).toISOString();
      return {
        ok: true,
        values: { request_uri: pushed.request_uri, request_uri_expires_at: expiresAt },
        message: `The provider holds the request: request_uri ${pushed.request_uri}, usable once, within ${pushed.expires_in} s (until ${expiresAt}).${pushed.statusNote ? ` ${pushed.statusNote}` : ''}`,
      };
    } catch (error) {
      return failureOutcome(error);
    }
  },
  partOf: (run) => run.modes?.par !== undefined,
};

/** The run's signed request object, or why there is none yet. */
export function requireRequestObject(run: FlowRun): string {
  const jwt = run.values.request_object;
  if (!jwt) {
    throw new PlaygroundError(
      'INVALID_PARAMETER',
      'There is no signed request object in this run yet: the "Sign the request object" step must succeed first.',
      { cause: { expected: 'request_object', actual: undefined } },
    );
  }
  return jwt;
}
