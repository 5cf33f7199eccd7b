import type { Participant } from './types';

export const USER: Participant = { id: 'user', label: 'User', description: 'The person signing in.' };
export const BROWSER: Participant = {
  id: 'browser',
  label: 'Browser',
  description: 'The user agent: follows redirects between the app and the authorization server.',
};
export const CLIENT: Participant = {
  id: 'client',
  label: 'Client (this app)',
  description: 'The application asking for tokens: here, the playground itself.',
};
export const AUTHORIZATION_SERVER: Participant = {
  id: 'as',
  label: 'Authorization server',
  description: 'The identity provider: signs the user in and issues tokens.',
};
export const API: Participant = {
  id: 'api',
  label: 'API',
  description: 'A protected resource that accepts the access token.',
};
export const DEVICE: Participant = {
  id: 'device',
  label: 'Other device',
  description: 'A phone or computer with a browser where the user enters the code.',
};
export const API_A: Participant = {
  id: 'api-a',
  label: 'API A',
  description: 'The first API, which calls API B on behalf of the user.',
};
export const API_B: Participant = { id: 'api-b', label: 'API B', description: 'The downstream API.' };
