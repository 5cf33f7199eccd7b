import { isPlaygroundError } from '@/protocol/errors';
import { compareAuthentication, type AuthenticationComparison } from '@/protocol/flows/authentication-checks';
import type { FlowRun, StepOutcome } from '@/protocol/flows/types';
import { decodeJwt } from '@/tokens/decode';
import { validateClaims, type ValidationCheck } from '@/tokens/validate';
import {
  describeKeyFetchFailure,
  describeVerification,
  verifyTokenSignature,
  type VerificationResult,
} from '@/tokens/verify';
import { chooseKeySource } from '@/tokens/key-source';
import { fetchJwksForIssuer } from '@/state/jwks';

export interface IdTokenCheckResult {
  outcome: StepOutcome;
  verification?: VerificationResult;
  checks: ValidationCheck[];
  /** acr, amr and auth_time compared with what the request asked (none when it asked nothing). */
  authentication?: AuthenticationComparison[];
}

/**
 * at_hash and c_hash bind an ID token to the access token or code that came with it from the
 * authorization endpoint (OIDC Core §3.2.2.9, §3.3.2.11); an ID token from the token endpoint is not
 * held to them.
 */
export function frontChannelExpectations(
  run: FlowRun,
  idToken: string,
): { accessToken?: string; code?: string } {
  const front = run.tokenHistory.find((entry) => entry.label === 'Authorization response')?.values;
  if (front?.id_token !== idToken) return {};
  const responseTypes = (run.authorizeParams.response_type ?? '').split(' ');
  return {
    ...(front.access_token && responseTypes.includes('token') ? { accessToken: front.access_token } : {}),
    ...(run.values.code && responseTypes.includes('code') ? { code: run.values.code } : {}),
  };
}

/**
 * Validates a run's ID token as OIDC Core §3.1.3.7 asks: the signature with the issuer's keys,
 * then iss, aud (the client id), exp/nbf, nonce, at_hash and c_hash.
 */
export async function checkRunIdToken(run: FlowRun, skewSeconds = 60): Promise<IdTokenCheckResult> {
  const idToken = run.values.id_token;
  if (!idToken) {
    return {
      outcome: {
        ok: false,
        errorCode: 'RESPONSE_INVALID',
        message: 'No ID token came back, although scope included openid.',
      },
      checks: [],
    };
  }
  let decoded;
  try {
    decoded = decodeJwt(idToken);
  } catch (error) {
    return {
      outcome: {
        ok: false,
        errorCode: isPlaygroundError(error) ? error.code : 'JWT_MALFORMED',
        message: `The ID token is malformed: ${String(error instanceof Error ? error.message : error)}`,
      },
      checks: [],
    };
  }
  if (decoded.format !== 'jws') {
    return {
      outcome: {
        ok: false,
        errorCode: 'JWE_ENCRYPTED',
        message: 'The ID token is encrypted (JWE); it cannot be validated without the key.',
      },
      checks: [],
    };
  }
  let verification: VerificationResult;
  // The same rule as the Tokens panel: Entra's {tenantid} template is filled from the token's tid.
  const source = chooseKeySource(decoded.header, decoded.payload, {
    expectedIssuer: run.issuer,
    trustedOrigins: [run.issuer],
  });
  if (source.kind === 'none') {
    verification = source.result;
  } else {
    try {
      const { jwks } = await fetchJwksForIssuer(source.issuer);
      verification = await verifyTokenSignature(idToken, { kind: 'jwks', jwks });
    } catch (error) {
      verification = describeKeyFetchFailure(error);
    }
  }
  const checks = await validateClaims(decoded.header, decoded.payload, {
    nowSeconds: Math.floor(Date.now() / 1000),
    skewSeconds,
    audience: run.clientId,
    issuer: run.issuer,
    ...(run.generated.nonce ? { nonce: run.generated.nonce } : {}),
    ...(run.values.access_token && (run.authorizeParams.response_type ?? '').includes('token')
      ? { accessToken: run.values.access_token }
      : {}),
    ...(run.values.code && (run.authorizeParams.response_type ?? '').includes('id_token')
      ? { code: run.values.code }
      : {}),
  });
  const failed = checks.filter((check) => check.status === 'fail');
  const signatureOk = verification.status === 'verified';
  const authentication = compareAuthentication(run, decoded.payload);
  const unmet = authentication.filter((check) => check.status === 'not-met' || check.status === 'missing');
  const summary = [
    describeVerification(verification),
    ...checks
      .filter((check) => check.status !== 'skipped')
      .map((check) => `${check.name} ${check.status === 'pass' ? '✓' : '✗'}`),
    ...authentication.map((check) => check.text),
  ].join(' · ');
  const firstFailure = failed[0];
  return {
    verification,
    checks,
    authentication,
    outcome:
      signatureOk && failed.length === 0 && unmet.length > 0
        ? {
            ok: false,
            errorCode: 'AUTHENTICATION_NOT_MET',
            message: `The ID token is valid, but the sign-in is not what the request asked for: ${unmet.map((check) => check.text).join('; ')} — ${summary}`,
          }
        : signatureOk && failed.length === 0
          ? { ok: true, message: summary }
          : {
              ok: false,
              errorCode:
                firstFailure?.code ??
                (verification.status === 'invalid' ? 'SIGNATURE_INVALID' : 'CANNOT_VERIFY'),
              message: `${firstFailure ? firstFailure.message : describeVerification(verification)} — ${summary}`,
            },
  };
}
