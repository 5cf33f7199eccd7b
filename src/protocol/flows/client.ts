import type { JWK } from 'jose';
import { createClientAssertion, type ClientAuth } from '../client-auth';
import { PlaygroundError } from '../errors';
import type { FlowRun, RunSecrets } from './types';

/**
 * The client authentication of a run, made from its method and the in-memory secrets. A signed
 * assertion is created fresh for each request (its `jti` must not repeat).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#ClientAuthentication
 */
export async function resolveClientAuth(
  run: FlowRun,
  secrets: RunSecrets,
  audience: string,
): Promise<ClientAuth> {
  const clientId = run.clientId;
  switch (run.authMethod) {
    case 'none':
      return { method: 'none', clientId };
    case 'client_secret_post':
    case 'client_secret_basic':
      if (!secrets.clientSecret) {
        throw new PlaygroundError(
          'INVALID_PARAMETER',
          '"client_secret" is empty: enter the client secret (it is kept in memory only, so it is asked again after a reload).',
          { cause: { expected: 'a client secret', actual: '' } },
        );
      }
      return { method: run.authMethod, clientId, clientSecret: secrets.clientSecret };
    case 'private_key_jwt': {
      if (!secrets.privateKey) {
        throw new PlaygroundError(
          'KEY_INVALID',
          'No private key for "client_assertion": paste a PKCS#8 PEM or a private JWK, or load the demo key.',
          { cause: { expected: 'a private key', actual: '' } },
        );
      }
      const key = parseKey(secrets.privateKey);
      const signed = await createClientAssertion({
        clientId,
        audience,
        key,
        ...(secrets.keyId ? { kid: secrets.keyId } : {}),
        ...(secrets.certificate ? { certificate: secrets.certificate } : {}),
        alg: typeof key === 'object' && key.kty === 'EC' ? 'ES256' : 'PS256',
      });
      return { method: 'private_key_jwt', clientId, assertion: signed.jwt };
    }
    case 'client_assertion':
      if (!secrets.clientAssertion) {
        throw new PlaygroundError(
          'INVALID_PARAMETER',
          '"client_assertion" is empty: paste the federated assertion.',
          {
            cause: { expected: 'a JWT', actual: '' },
          },
        );
      }
      return { method: 'client_assertion', clientId, assertion: secrets.clientAssertion.trim() };
  }
}

/** A pasted private key: a JWK when it is JSON, else the PEM text. */
export function parseKey(text: string): string | JWK {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed) as JWK;
    } catch {
      throw new PlaygroundError(
        'KEY_INVALID',
        'The private key looks like JSON but does not parse as a JWK.',
        {
          cause: { expected: 'JWK JSON', actual: trimmed.slice(0, 40) },
        },
      );
    }
  }
  return trimmed;
}
