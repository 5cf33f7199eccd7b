// The user's browser in the attack lab, scripted: it follows the authorization request through the
// real sign-in and consent pages of a lab issuer and stops at the redirect back to the app, which
// it hands over instead of loading (the app's callback is what each experiment examines).

const MAX_HOPS = 12;

function readCookies(jar, headers) {
  for (const line of headers.getSetCookie?.() ?? []) {
    const [pair] = line.split(';');
    const index = pair.indexOf('=');
    if (index < 1) continue;
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}

function cookieHeader(jar) {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/**
 * Signs `user` in at whatever issuer the authorization request leads to and returns the URL the
 * issuer redirects the browser to (under `redirectUri`). Throws when the pages do not lead there.
 */
export async function signInThroughBrowser(recorder, { authorizeUrl, redirectUri, user, lanes = {} }) {
  const jar = new Map();
  let url = new URL(authorizeUrl);
  let method = 'GET';
  let body;
  let label = lanes.firstLabel ?? 'Browser follows the authorization request';
  for (let hop = 0; hop < MAX_HOPS; hop += 1) {
    const headers = { cookie: cookieHeader(jar) };
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';
    const answer = await recorder.send({ from: 'browser', to: lanes.issuer ?? 'as', label }, url, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    readCookies(jar, answer.headers);
    method = 'GET';
    body = undefined;
    if (answer.status >= 300 && answer.status < 400 && answer.location) {
      const next = new URL(answer.location, url);
      if (next.href.startsWith(redirectUri)) return next.href;
      url = next;
      label = `Browser follows the redirect to ${next.host}${next.pathname}`;
      continue;
    }
    const action = /action="([^"]+)"/.exec(answer.text)?.[1];
    if (answer.status === 200 && action && answer.text.includes('name="password"')) {
      url = new URL(action.replace(/&amp;/g, '&'), url);
      method = 'POST';
      body = new URLSearchParams({ username: user.username, password: user.password }).toString();
      label = `${user.username} signs in`;
      continue;
    }
    if (answer.status === 200 && action && answer.text.includes('value="allow"')) {
      url = new URL(action.replace(/&amp;/g, '&'), url);
      method = 'POST';
      body = 'decision=allow';
      label = `${user.username} allows access`;
      continue;
    }
    throw new Error(`the sign-in stopped at ${url.href} with status ${answer.status}`);
  }
  throw new Error('the sign-in did not come back to the app');
}
