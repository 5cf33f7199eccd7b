import { Link } from 'react-router';

const jobs = [
  {
    to: '/flows/code-pkce',
    title: 'Try it now',
    text: 'Sign in with the authorization code flow + PKCE at the local demo identity provider (user alice, password alice-password-1) and read the decoded tokens: five clicks.',
    primary: true,
  },
  {
    to: '/inspect',
    title: 'Inspect a token',
    text: 'Paste a JWT, an Authorization header or a whole token response: decoded, explained claim by claim, and verified, in this browser only.',
    primary: false,
  },
  {
    to: '/setups',
    title: 'Setups for workshops',
    text: 'Ready-made setups for every flow and Entra ID templates; save your own, switch between them, and share them as a file or a link.',
    primary: false,
  },
  {
    to: '/flows',
    title: 'Run any flow',
    text: 'Authorization code, implicit, hybrid, client credentials, device code, on-behalf-of, password and refresh, against the local IdP, Entra ID or any OpenID provider.',
    primary: false,
  },
];

export function HomePage() {
  return (
    <div className="space-y-8">
      <section className="max-w-3xl space-y-3">
        <h1 className="text-3xl font-semibold">Token Playground</h1>
        <p className="text-lg text-slate-700 dark:text-slate-300">
          Run OAuth 2.0 and OpenID Connect flows by hand, see every step drawn and every HTTP exchange shown,
          and read the tokens that come back, decoded and explained.
        </p>
        <p className="text-slate-700 dark:text-slate-300">
          Everything runs in your browser. Requests go only to the provider you choose and, when a provider
          refuses browser calls, through the companion on your own machine. A local identity provider ships
          with the playground, so it all works offline.
        </p>
        <ol className="list-decimal space-y-1 pl-6 text-slate-700 dark:text-slate-300">
          <li>Pick a flow, or a saved setup for a workshop.</li>
          <li>Check the parameters; each one says what it does and links to its RFC or Entra page.</li>
          <li>Run it step by step and read every request, response and token, explained.</li>
        </ol>
      </section>
      <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-4">
        {jobs.map((job) => (
          <li key={job.to}>
            <Link
              to={job.to}
              className={`block h-full rounded-xl border p-5 shadow-sm transition hover:shadow-md ${
                job.primary
                  ? 'border-indigo-600 bg-indigo-600 text-white dark:border-indigo-500 dark:bg-indigo-700'
                  : 'border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900'
              }`}
            >
              <span className="block text-lg font-semibold">{job.title}</span>
              <span
                className={`mt-2 block text-sm ${job.primary ? 'text-indigo-50' : 'text-slate-600 dark:text-slate-400'}`}
              >
                {job.text}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
