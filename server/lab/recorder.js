// Records every HTTP exchange an attack-lab experiment makes, so the page can show and draw the
// real requests and answers. Passwords in recorded bodies are redacted (published demo values,
// but a recording is shown on screen).

const MAX_BODY_CHARS = 4000;
const REDACTED_FIELDS = /(password|client_secret|code_verifier)=([^&]*)/g;

function shorten(text) {
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}… (${text.length} chars)` : text;
}

/**
 * A recorder: `send(step, url, init)` performs one fetch (redirects not followed) and keeps the
 * exchange with the lanes it travelled between; `note(step)` keeps a step with no HTTP exchange
 * (a check the client makes, a decision).
 */
export function createRecorder() {
  const steps = [];
  return {
    steps,
    async send({ from, to, label, via }, url, init = {}) {
      const method = init.method ?? 'GET';
      const body = typeof init.body === 'string' ? init.body : undefined;
      const response = await fetch(url, { ...init, method, redirect: 'manual' });
      const text = await response.text();
      const location = response.headers.get('location') ?? undefined;
      steps.push({
        from,
        to,
        label,
        ...(via ? { via } : {}),
        request: {
          method,
          url: String(url),
          ...(body === undefined
            ? {}
            : { body: shorten(body.replace(REDACTED_FIELDS, (_m, name) => `${name}=[redacted]`)) }),
        },
        response: {
          status: response.status,
          ...(location ? { location } : {}),
          ...(text && !text.startsWith('<!') ? { body: shorten(text) } : {}),
        },
      });
      return { status: response.status, location, text, headers: response.headers };
    },
    note({ from, to, label, outcome }) {
      steps.push({ from, to, label, ...(outcome ? { outcome } : {}) });
    },
  };
}
