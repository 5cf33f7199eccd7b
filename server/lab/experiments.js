// The attack lab's experiments. Each one is a real run against the lab issuers and APIs, made
// twice: with the defence off the attack succeeds, with it on the attack is refused, and every
// exchange is recorded for the page to show and draw.
import { createHash, randomBytes } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import { createRecorder } from './recorder.js';
import { signInThroughBrowser } from './user-agent.js';

export const LAB_CLIENT_ID = 'lab-app';
export const LAB_OTHER_CLIENT_ID = 'lab-other-app';
const VICTIM = { username: 'alice', password: 'alice-password-1' };
const ATTACKER = { username: 'bob', password: 'bob-password-1' };

/** The lab's clients: the victim app, and the attacker's own app (for the ID token experiment). */
export function buildLabClients(appOrigin) {
  const base = {
    token_endpoint_auth_method: 'none',
    grant_types: ['authorization_code'],
    response_types: ['code'],
  };
  return [
    {
      ...base,
      client_id: LAB_CLIENT_ID,
      client_name: 'Lab app (the victim)',
      redirect_uris: [`${appOrigin}/attack-lab/callback`],
    },
    {
      ...base,
      client_id: LAB_OTHER_CLIENT_ID,
      client_name: "Mallory's quiz app",
      redirect_uris: [`${appOrigin}/attack-lab/other-callback`],
    },
  ];
}

const random = () => randomBytes(16).toString('base64url');
const s256 = (verifier) => createHash('sha256').update(verifier).digest('base64url');

function authorizeUrl(endpoint, params) {
  return `${endpoint}?${new URLSearchParams(params).toString()}`;
}

function redeem(recorder, lanes, tokenEndpoint, params) {
  return recorder.send(lanes, tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', ...params }).toString(),
  });
}

function json(text) {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** @param {{ appOrigin: string, honest: string, careless: string, attacker: object, apis: string }} lab */
export function createExperiments(lab) {
  const redirectUri = `${lab.appOrigin}/attack-lab/callback`;
  const otherRedirectUri = `${lab.appOrigin}/attack-lab/other-callback`;
  const honestKeys = createRemoteJWKSet(new URL(`${lab.honest}/jwks`));

  async function signIn(recorder, issuer, params, user, redirect = redirectUri) {
    const url = authorizeUrl(`${issuer}/auth`, { response_type: 'code', redirect_uri: redirect, ...params });
    recorder.note({ from: 'client', to: 'browser', label: `App sends the browser to ${new URL(url).host}` });
    return new URL(await signInThroughBrowser(recorder, { authorizeUrl: url, redirectUri: redirect, user }));
  }

  return {
    /** CSRF login: the attacker's code, planted in the victim's browser, signs the victim in as the attacker. */
    async 'csrf-login'(defence) {
      const recorder = createRecorder();
      const sentState = defence === 'on' ? random() : undefined;
      if (sentState)
        recorder.note({ from: 'client', to: 'client', label: `Victim's app remembers state ${sentState}` });
      const callback = await signIn(
        recorder,
        lab.honest,
        { client_id: LAB_CLIENT_ID, scope: 'openid profile' },
        ATTACKER,
      );
      recorder.note({
        from: 'attacker',
        to: 'browser',
        label: "Attacker makes the victim's browser load his callback URL (a hidden image or link)",
      });
      const received = callback.searchParams.get('state') ?? undefined;
      if (defence === 'on' && received !== sentState) {
        recorder.note({
          from: 'client',
          to: 'client',
          label: `state check: sent ${sentState}, received ${received ?? '(none)'}: callback refused, the code is never redeemed`,
          outcome: 'refused',
        });
        return finish(
          recorder,
          'attack-refused',
          'The app refused the callback: its state does not match the one it sent.',
        );
      }
      const answer = await redeem(
        recorder,
        { from: 'client', to: 'as', label: 'Victim app redeems the planted code' },
        `${lab.honest}/token`,
        {
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: redirectUri,
          client_id: LAB_CLIENT_ID,
        },
      );
      const tokens = json(answer.text);
      const who = tokens.id_token ? decodeJwt(tokens.id_token).name : undefined;
      return finish(
        recorder,
        answer.status === 200 ? 'attack-succeeded' : 'attack-refused',
        answer.status === 200
          ? `The victim is now signed in as ${who ?? 'the attacker'}: whatever she saves lands in the attacker's account.`
          : `The issuer refused the code (${answer.status}).`,
      );
    },

    /** Authorization code interception: without PKCE anyone holding the code can redeem it. */
    async 'code-interception'(defence) {
      const recorder = createRecorder();
      const verifier = random() + random();
      const pkce = defence === 'on' ? { code_challenge: s256(verifier), code_challenge_method: 'S256' } : {};
      const callback = await signIn(
        recorder,
        lab.honest,
        { client_id: LAB_CLIENT_ID, scope: 'openid profile', state: random(), ...pkce },
        VICTIM,
      );
      recorder.note({
        from: 'attacker',
        to: 'browser',
        label: 'A malicious app on the device catches the redirect and reads the code',
      });
      const answer = await redeem(
        recorder,
        { from: 'attacker', to: 'as', label: 'Attacker redeems the stolen code as the public client' },
        `${lab.honest}/token`,
        {
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: redirectUri,
          client_id: LAB_CLIENT_ID,
        },
      );
      const body = json(answer.text);
      return finish(
        recorder,
        answer.status === 200 ? 'attack-succeeded' : 'attack-refused',
        answer.status === 200
          ? "The attacker holds the victim's tokens: nothing tied the code to the app that asked for it."
          : `The issuer refused: ${body.error ?? answer.status}${body.error_description ? ` (${body.error_description})` : ''}. Without the code_verifier behind the code_challenge the code is worthless.`,
      );
    },

    /** Mix-up (RFC 9207): the client sends a code from the honest issuer to the attacker's. */
    async 'mix-up'(defence) {
      const recorder = createRecorder();
      const expectedIssuer = lab.attacker.issuer;
      const state = random();
      const verifier = random() + random();
      recorder.note({
        from: 'user',
        to: 'client',
        label: `User picks "${expectedIssuer}" (the attacker's issuer) to sign in`,
      });
      const url = authorizeUrl(`${expectedIssuer}/authorize`, {
        response_type: 'code',
        client_id: LAB_CLIENT_ID,
        redirect_uri: redirectUri,
        scope: 'openid profile',
        state,
        code_challenge: s256(verifier),
        code_challenge_method: 'S256',
      });
      recorder.note({ from: 'client', to: 'browser', label: 'App sends the browser to the attacker issuer' });
      const callback = new URL(
        await signInThroughBrowser(recorder, {
          authorizeUrl: url,
          redirectUri,
          user: VICTIM,
          lanes: {
            issuer: 'attacker',
            firstLabel: 'Browser goes to the attacker issuer, which redirects it to the honest one',
          },
        }),
      );
      const iss = callback.searchParams.get('iss') ?? undefined;
      if (defence === 'on' && iss !== expectedIssuer) {
        recorder.note({
          from: 'client',
          to: 'client',
          label: `iss check: expected ${expectedIssuer}, the response says ${iss ?? '(none)'}: refused, the code goes nowhere`,
          outcome: 'refused',
        });
        return finish(
          recorder,
          'attack-refused',
          'The app saw that the response came from another issuer than the one it asked, and stopped.',
        );
      }
      await redeem(
        recorder,
        {
          from: 'client',
          to: 'attacker',
          label: 'App sends code and code_verifier to the issuer it believes it talks to',
        },
        `${expectedIssuer}/token`,
        {
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: redirectUri,
          client_id: LAB_CLIENT_ID,
          code_verifier: verifier,
        },
      );
      const theft = lab.attacker.takeTheft();
      recorder.note({
        from: 'attacker',
        to: 'as',
        label: `Attacker redeems them at the honest issuer: ${theft?.status === 200 ? '200, tokens' : String(theft?.status)}`,
      });
      return finish(
        recorder,
        theft?.status === 200 ? 'attack-succeeded' : 'attack-refused',
        theft?.status === 200
          ? "The attacker redeemed the victim's code at the honest issuer and holds her tokens."
          : 'The attacker could not redeem the code.',
      );
    },

    /** Code replay: a used code redeemed again, at an issuer that forgets codes are one-time. */
    async 'code-replay'(defence) {
      const recorder = createRecorder();
      const issuer = defence === 'on' ? lab.honest : lab.careless;
      const callback = await signIn(
        recorder,
        issuer,
        { client_id: LAB_CLIENT_ID, scope: 'openid profile', state: random() },
        VICTIM,
      );
      const code = callback.searchParams.get('code') ?? '';
      const params = { code, redirect_uri: redirectUri, client_id: LAB_CLIENT_ID };
      const first = await redeem(
        recorder,
        { from: 'client', to: 'as', label: 'App redeems the code' },
        `${issuer}/token`,
        params,
      );
      recorder.note({
        from: 'attacker',
        to: 'browser',
        label: 'Attacker finds the code (history, logs, a Referer header)',
      });
      const replay = await redeem(
        recorder,
        { from: 'attacker', to: 'as', label: 'Attacker redeems the same code again' },
        `${issuer}/token`,
        params,
      );
      const firstToken = json(first.text).access_token;
      if (replay.status !== 200 && firstToken) {
        // RFC 6749 §4.1.2: on a second use the issuer should revoke what the code already gave.
        await recorder.send(
          { from: 'client', to: 'as', label: "App's first access token, after the replay" },
          `${issuer}/me`,
          {
            headers: { authorization: `Bearer ${firstToken}` },
          },
        );
      }
      const body = json(replay.text);
      return finish(
        recorder,
        replay.status === 200 ? 'attack-succeeded' : 'attack-refused',
        replay.status === 200
          ? "The careless issuer accepted the code twice: the attacker has his own set of the victim's tokens."
          : `The issuer refused the second use (${body.error ?? replay.status}) and revoked the tokens the code had given.`,
      );
    },

    /** Audience: a token for API B presented to API A. */
    async audience(defence) {
      const recorder = createRecorder();
      const callback = await signIn(
        recorder,
        lab.honest,
        { client_id: LAB_CLIENT_ID, scope: 'openid api-b.read', state: random() },
        VICTIM,
      );
      const answer = await redeem(
        recorder,
        { from: 'client', to: 'as', label: 'App gets an access token for API B' },
        `${lab.honest}/token`,
        {
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: redirectUri,
          client_id: LAB_CLIENT_ID,
        },
      );
      const token = json(answer.text).access_token ?? '';
      const aud = token ? decodeJwt(token).aud : undefined;
      recorder.note({
        from: 'attacker',
        to: 'attacker',
        label: `API B (or anyone it passes the token to) replays it at API A; aud is ${JSON.stringify(aud)}`,
      });
      const path = defence === 'on' ? '/strict/me' : '/careless/me';
      const call = await recorder.send(
        { from: 'attacker', to: 'api', label: `GET ${path} with the token for API B` },
        `${lab.apis}${path}`,
        {
          headers: { authorization: `Bearer ${token}` },
        },
      );
      return finish(
        recorder,
        call.status === 200 ? 'attack-succeeded' : 'attack-refused',
        call.status === 200
          ? 'The careless API accepted a token that was never meant for it.'
          : `The correct API answered ${call.status}: the token's audience is not its own.`,
      );
    },

    /** ID token substitution: an ID token from another client passed off as a sign-in to this one. */
    async 'id-token-substitution'(defence) {
      const recorder = createRecorder();
      const victimNonce = random();
      recorder.note({
        from: 'client',
        to: 'client',
        label: `Victim app starts a sign-in with nonce ${victimNonce}`,
      });
      const callback = await signIn(
        recorder,
        lab.honest,
        { client_id: LAB_OTHER_CLIENT_ID, scope: 'openid profile', state: random(), nonce: random() },
        VICTIM,
        otherRedirectUri,
      );
      const answer = await redeem(
        recorder,
        { from: 'attacker', to: 'as', label: "Mallory's quiz app gets Alice's ID token" },
        `${lab.honest}/token`,
        {
          code: callback.searchParams.get('code') ?? '',
          redirect_uri: otherRedirectUri,
          client_id: LAB_OTHER_CLIENT_ID,
        },
      );
      const idToken = json(answer.text).id_token ?? '';
      recorder.note({
        from: 'attacker',
        to: 'client',
        label: 'Attacker hands that ID token to the victim app as a sign-in',
      });
      try {
        const { payload } = await jwtVerify(idToken, honestKeys, {
          issuer: lab.honest,
          ...(defence === 'on' ? { audience: LAB_CLIENT_ID } : {}),
        });
        if (defence === 'on' && payload.nonce !== victimNonce)
          throw new Error(`nonce ${payload.nonce} is not ${victimNonce}`);
        if (defence === 'on' && payload.azp !== undefined && payload.azp !== LAB_CLIENT_ID)
          throw new Error(`azp is ${payload.azp}`);
        recorder.note({
          from: 'client',
          to: 'client',
          label: `Signature and issuer fine: "signed in" as ${payload.name ?? payload.sub} (aud ${JSON.stringify(payload.aud)} not checked)`,
        });
        return finish(
          recorder,
          'attack-succeeded',
          `The app accepted an ID token issued to ${JSON.stringify(payload.aud)}: the attacker signs in as ${payload.name ?? payload.sub}.`,
        );
      } catch (error) {
        recorder.note({
          from: 'client',
          to: 'client',
          label: `ID token refused: ${error.message}`,
          outcome: 'refused',
        });
        return finish(recorder, 'attack-refused', `The app refused the ID token: ${error.message}.`);
      }
    },
  };
}

function finish(recorder, outcome, headline) {
  return { outcome, headline, steps: recorder.steps };
}
