import type { DevicePollResult } from '../device';
import { OAuthResponseError, PlaygroundError } from '../errors';
import type { HttpResponse } from '../http';
import { parseDeviceAuthorizationResponse, parseTokenResponse } from '../token-response';
import { buildDeviceAuthorizationRequest, buildDeviceCodeTokenRequest } from '../token-request';
import { collectExtraParams } from './client-credentials';
import { resolveClientAuth } from './client';
import { failureOutcome, readTokenOutcome } from './outcomes';
import { AUTHORIZATION_SERVER, CLIENT, DEVICE, USER } from './participants';
import { optional, requireEndpoint, requireValue } from './steps';
import type { FlowDefinition, RunValues, StepDefinition, StepOutcome } from './types';

const RFC8628 = 'https://www.rfc-editor.org/rfc/rfc8628';

/**
 * Reads the device authorization response into run values; `device_expires_at` is the absolute
 * expiry (ISO time) so that countdowns survive a reload.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.2
 */
export function readDeviceAuthorizationOutcome(response: HttpResponse, now: Date = new Date()): StepOutcome {
  try {
    const parsed = parseDeviceAuthorizationResponse(response);
    const values: RunValues = {
      device_code: parsed.device_code,
      user_code: parsed.user_code,
      verification_uri: parsed.verification_uri,
      device_expires_at: new Date(now.getTime() + parsed.expires_in * 1000).toISOString(),
    };
    if (parsed.verification_uri_complete !== undefined)
      values.verification_uri_complete = parsed.verification_uri_complete;
    if (parsed.interval !== undefined) values.interval = String(parsed.interval);
    if (parsed.message !== undefined) values.device_message = parsed.message;
    return {
      ok: true,
      values,
      message: `User code ${parsed.user_code}, valid for ${parsed.expires_in} s; poll every ${parsed.interval ?? 5} s${parsed.interval === undefined ? ' (no interval given: RFC 8628 says 5)' : ''}.`,
    };
  } catch (error) {
    return failureOutcome(error);
  }
}

/**
 * What one poll's answer means for the polling schedule: tokens, an OAuth error (pending,
 * slow_down, denied, expired…), or a failure to read the answer at all.
 * @see https://www.rfc-editor.org/rfc/rfc8628#section-3.5
 */
export function classifyPollResponse(
  response: HttpResponse | undefined,
  failure?: { code: string; message: string },
): DevicePollResult {
  if (response === undefined) {
    return { type: 'failure', code: failure?.code ?? 'NETWORK', message: failure?.message ?? 'No response.' };
  }
  try {
    parseTokenResponse(response);
    return { type: 'tokens' };
  } catch (error) {
    if (error instanceof OAuthResponseError) {
      const description = error.fields.error_description;
      return {
        type: 'error',
        error: error.fields.error,
        ...(description === undefined ? {} : { error_description: description }),
      };
    }
    return {
      type: 'failure',
      code: error instanceof PlaygroundError ? error.code : 'RESPONSE_INVALID',
      message: error instanceof Error ? error.message : String(error),
    };
  }
}

export const deviceAuthorizationStep: StepDefinition = {
  id: 'device-authorization',
  title: 'Device authorization request',
  explanation:
    'The app (a TV, a CLI, a device without a good browser) asks the device authorization endpoint for a device_code it keeps secret and a short user_code the user will type on another device.',
  spec: { name: 'RFC 8628 §3.1', url: `${RFC8628}#section-3.1` },
  from: 'client',
  to: 'as',
  action: 'send',
  interaction: { kind: 'request' },
  responseLabel: 'device_code, user_code, verification_uri',
  relayable: true,
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'device_authorization_endpoint');
    return buildDeviceAuthorizationRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, requireEndpoint(run, 'token_endpoint')),
      ...optional('scope', run.tokenParams.scope),
      ...optional('mkt', run.tokenParams.mkt),
      extra: collectExtraParams(run, []),
    });
  },
  read: (_run, response, now) => readDeviceAuthorizationOutcome(response, now),
};

export const enterUserCodeStep: StepDefinition = {
  id: 'enter-user-code',
  title: 'User enters the code on the other device',
  explanation:
    'On a phone or computer the user opens the verification URI, types the user_code, signs in and consents. The device never sees the password.',
  spec: { name: 'RFC 8628 §3.3', url: `${RFC8628}#section-3.3` },
  from: 'device',
  to: 'as',
  action: 'user',
  interaction: { kind: 'other-device', pollStepId: 'device-poll' },
};

export const devicePollStep: StepDefinition = {
  id: 'device-poll',
  title: 'Token request (device_code), polled',
  explanation:
    'Meanwhile the app polls the token endpoint with the device_code, no faster than the interval: authorization_pending means "not yet", slow_down adds 5 s to the interval for good; the loop ends with tokens, a denial or expiry.',
  spec: { name: 'RFC 8628 §3.4–3.5', url: `${RFC8628}#section-3.4` },
  from: 'client',
  to: 'as',
  action: 'poll',
  interaction: { kind: 'request' },
  responseLabel: 'authorization_pending … then tokens',
  relayable: true,
  build: async (run, secrets) => {
    const endpoint = requireEndpoint(run, 'token_endpoint');
    return buildDeviceCodeTokenRequest({
      endpoint,
      clientAuth: await resolveClientAuth(run, secrets, endpoint),
      deviceCode: requireValue(run, 'device_code', 'send the device authorization request first.'),
    });
  },
  read: (run, response) => readTokenOutcome(response, 'Device code', run.authMethod),
};

/** The device authorization grant: sign in on another device while the app polls. */
export const deviceCodeFlow: FlowDefinition = {
  id: 'device-code',
  title: 'Device code',
  summary:
    'For devices that cannot show a sign-in page: the app shows a short code, the user enters it on another device, and the app polls the token endpoint until the user has finished.',
  channel: 'back',
  participants: [USER, DEVICE, CLIENT, AUTHORIZATION_SERVER],
  steps: [deviceAuthorizationStep, enterUserCodeStep, devicePollStep],
  requires: ['device_authorization_endpoint', 'token_endpoint'],
  authMethods: ['none', 'client_secret_post', 'client_secret_basic', 'private_key_jwt'],
  defaultTokenParams: { scope: 'openid profile offline_access api.read', mkt: '' },
  registration:
    'Entra ID: "Allow public client flows" = Yes on the Authentication page (else AADSTS7000218), delegated permissions for the scopes. Entra’s device code endpoint refuses browser calls, so requests go through the local relay.',
};
