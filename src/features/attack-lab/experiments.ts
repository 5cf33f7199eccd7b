import type { SequenceParticipant } from '@/ui/sequence-diagram';

/** One guided experiment of the attack lab: what is attacked, which defence stops it, and why. */
export interface Experiment {
  id: string;
  title: string;
  /** The defence, named as a learner would look it up. */
  defence: string;
  /** The attack in plain words. */
  attack: string;
  /** Why the defence stops it. */
  why: string;
  spec: { name: string; url: string };
  participants: SequenceParticipant[];
}

const USER = { id: 'user', label: 'User (Alice)' };
const BROWSER = { id: 'browser', label: 'Browser' };
const CLIENT = { id: 'client', label: 'App (the victim)' };
const AS = { id: 'as', label: 'Lab issuer' };
const ATTACKER = { id: 'attacker', label: 'Attacker' };

/** The experiments the lab's runner (server/lab/experiments.js) knows, in the order they are taught. */
export const EXPERIMENTS: readonly Experiment[] = [
  {
    id: 'csrf-login',
    title: 'Login CSRF: a callback the app never asked for',
    defence: 'state, generated per request and compared on the way back',
    attack:
      "The attacker signs in with his own account and stops before his code is used. He makes the victim's browser load his callback URL (an image tag on any page). An app that does not check state redeems the code and signs the victim in to the attacker's account.",
    why: 'The app sent a random state with its own request and refuses any callback that does not carry it back: the attacker cannot know it.',
    spec: { name: 'RFC 6749 §10.12', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-10.12' },
    participants: [CLIENT, BROWSER, AS, ATTACKER],
  },
  {
    id: 'code-interception',
    title: 'Intercepted code redeemed by someone else',
    defence: 'PKCE (code_challenge S256 and code_verifier)',
    attack:
      'A malicious app on the same device catches the redirect and reads the code. The app is public (no secret), so the attacker redeems the code with the same client_id.',
    why: 'With PKCE the code is bound to a hash of a secret the real app kept: the issuer refuses a redemption without the matching code_verifier.',
    spec: { name: 'RFC 7636 §1', url: 'https://www.rfc-editor.org/rfc/rfc7636#section-1' },
    participants: [CLIENT, BROWSER, AS, ATTACKER],
  },
  {
    id: 'mix-up',
    title: 'Mix-up between two issuers',
    defence: 'the iss parameter of the authorization response, checked against the issuer asked',
    attack:
      "The app trusts two issuers; the attacker runs one. The user picks the attacker's issuer, which quietly redirects her to the honest one. She signs in there, and the app — thinking the code came from the attacker's issuer — sends code and verifier to the attacker, who redeems them at the honest issuer.",
    why: 'The honest issuer names itself in the response (iss). The app compares it with the issuer it asked and stops before the code leaves.',
    spec: { name: 'RFC 9207', url: 'https://www.rfc-editor.org/rfc/rfc9207' },
    participants: [USER, CLIENT, BROWSER, ATTACKER, AS],
  },
  {
    id: 'code-replay',
    title: 'Code replay',
    defence: 'one-time codes, and revoking what a replayed code gave',
    attack:
      'The code leaks after use (browser history, a log, a Referer header). The attacker redeems it again. The "defence off" run uses a deliberately careless lab issuer that forgets codes are single-use.',
    why: 'A code may be used once. On a second use the issuer refuses it and should revoke the tokens the first use gave, so the leak costs the attacker his access too.',
    spec: { name: 'RFC 6749 §4.1.2', url: 'https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2' },
    participants: [CLIENT, BROWSER, AS, ATTACKER],
  },
  {
    id: 'audience',
    title: 'A token for another API',
    defence: 'the API checks aud (the token is for it)',
    attack:
      'An access token issued for API B is presented to API A (by API B itself, or by anyone B shares tokens with). Both trust the same issuer, so the signature is fine.',
    why: 'A correct API accepts only tokens whose aud names it; the careless one checks signature, issuer and expiry and forgets who the token is for.',
    spec: { name: 'RFC 9068 §4', url: 'https://www.rfc-editor.org/rfc/rfc9068#section-4' },
    participants: [CLIENT, BROWSER, AS, ATTACKER, { id: 'api', label: 'API A (careless or correct)' }],
  },
  {
    id: 'id-token-substitution',
    title: 'ID token from another app',
    defence: 'aud / azp and nonce checks on the ID token',
    attack:
      "Alice signed in to the attacker's quiz app, so the attacker holds a genuine ID token about her, signed by the issuer. He hands it to the victim app as if it were a sign-in there.",
    why: 'An ID token is only for the client named in aud (and azp), and only for the request that sent its nonce. The app checks both and refuses a token minted for someone else.',
    spec: {
      name: 'OpenID Connect Core §3.1.3.7',
      url: 'https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation',
    },
    participants: [CLIENT, BROWSER, AS, ATTACKER],
  },
];
