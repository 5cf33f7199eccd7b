import { isPlaygroundError } from '@/protocol/errors';
import type { JarmVerification } from '@/protocol/flows/engine';
import type { FlowRun } from '@/protocol/flows/types';
import { verifyJarmResponse } from '@/protocol/jarm';
import { fetchJwksForIssuer } from '@/state/jwks';

/**
 * Verifies the run's JARM `response` JWT with the issuer's keys (discovery, then `jwks_uri`):
 * signature, `iss`, `aud` = the client id, `exp`. Each failure keeps its own code and message.
 */
export async function verifyRunJarmResponse(run: FlowRun): Promise<JarmVerification> {
  const jwt = run.values.jarm_response;
  if (!jwt) {
    return {
      ok: false,
      errorCode: 'JARM_RESPONSE_MISSING',
      message: 'The callback brought no "response" JWT to verify.',
    };
  }
  try {
    const { jwks } = await fetchJwksForIssuer(run.issuer);
    const verified = await verifyJarmResponse(jwt, {
      issuer: run.issuer,
      clientId: run.clientId,
      jwks,
    });
    return {
      ok: true,
      params: verified.params,
      ...(verified.header.alg ? { alg: verified.header.alg } : {}),
      ...(verified.header.kid ? { kid: verified.header.kid } : {}),
    };
  } catch (error) {
    return {
      ok: false,
      errorCode: isPlaygroundError(error) ? error.code : 'CANNOT_VERIFY',
      message: `The JARM response was not verified, so its parameters are not used: ${error instanceof Error ? error.message : String(error)}.`,
    };
  }
}
