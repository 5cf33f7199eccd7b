// Pages of a workshop room served next to the app: the printable join sheet and the presenter's
// live view. No scripts at all (the presenter view reloads itself with a meta refresh).
import { escapeHtml } from '../pages.js';

export const ROOM_STYLESHEET_PATH = '/room/room.css';

export const ROOM_STYLESHEET = `
.room-banner { margin: 0; padding: 0.5rem 1rem; background: #fef3c7; color: #713f12; border-bottom: 2px solid #b45309; font: 600 1rem/1.4 system-ui, sans-serif; text-align: center; }
.room-page { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; color: #0f172a; background: #fff; }
.room-page h1 { font-size: 1.75rem; }
.room-page .join-url { font-size: 1.5rem; font-weight: 700; word-break: break-all; }
.room-page .qr svg { width: 16rem; height: 16rem; max-width: 100%; }
.room-page table { border-collapse: collapse; width: 100%; }
.room-page th, .room-page td { border: 1px solid #94a3b8; padding: 0.25rem 0.5rem; text-align: left; }
.room-page td.count { text-align: right; font-variant-numeric: tabular-nums; font-size: 1.25rem; }
.room-page .accounts { columns: 16rem auto; font-family: ui-monospace, monospace; }
.room-page .accounts li { break-inside: avoid; }
.room-page .hint { color: #475569; }
.room-page .account { display: grid; grid-template-columns: auto 1fr; gap: 0.25rem 1rem; font-size: 1.25rem; }
.room-page .account dd { margin: 0; word-break: break-all; }
.room-page .refusal { padding: 0.5rem; border: 2px solid #b91c1c; color: #7f1d1d; }
.room-page button { font: inherit; font-weight: 600; padding: 0.5rem 1rem; border: 2px solid #1e3a8a; border-radius: 0.375rem; background: #1e40af; color: #fff; cursor: pointer; }
.room-page :focus-visible { outline: 3px solid #2563eb; outline-offset: 2px; }
@media print { .room-banner { display: none; } .room-page { margin: 0; } }
`;

/**
 * The CSP of the room's own pages: styles from the room stylesheet, QR codes inline, and one
 * same-origin script file (the presenter view's updater); no inline script.
 */
export const ROOM_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "connect-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** The CSP of the self-service join page: the same, and its one form posts to this origin. */
export const JOIN_PAGE_CSP = ROOM_PAGE_CSP.replace("form-action 'none'", "form-action 'self'");

/**
 * The notice shown on every page of the room (app, IdP pages, room pages); with self-service
 * join, it says where to get an account.
 */
export function roomNotice(joinUrl, selfJoinUrl) {
  const notice = `Workshop room: a demo identity provider for this room only (${joinUrl}). Demo accounts, demo secrets; do not enter real passwords.`;
  return selfJoinUrl ? `${notice} No account? Get one at ${selfJoinUrl}` : notice;
}

export function renderBanner(text) {
  return `<aside class="room-banner" aria-label="Workshop room notice">${escapeHtml(text)}</aside>`;
}

export const PRESENTER_SCRIPT_PATH = '/room/presenter.js';

/**
 * Keeps the presenter view's counts current: every 3 s it reads /room/stats.json with the page's
 * presenter token and writes the numbers into the table (text only). Without scripts the page
 * still shows the counts of the moment it was loaded.
 */
export const PRESENTER_SCRIPT = `
const token = new URLSearchParams(location.search).get('token') || '';
const status = document.getElementById('updated');
async function update() {
  try {
    const response = await fetch('/room/stats.json', { headers: { authorization: 'Bearer ' + token }, cache: 'no-store' });
    if (!response.ok) throw new Error('HTTP ' + response.status);
    const stats = await response.json();
    for (const flow of stats.flows) {
      for (const [stage, count] of Object.entries(flow.stages)) {
        const cell = document.querySelector('[data-flow="' + flow.id + '"][data-stage="' + stage + '"]');
        if (cell) cell.textContent = String(count);
      }
    }
    status.textContent = 'Updated at ' + new Date().toLocaleTimeString() + '.';
  } catch (error) {
    status.textContent = 'Could not update the counts (' + error.message + '); retrying.';
  }
}
setInterval(update, 3000);
`;

function renderRoomPage({ title, notice, body, script }) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${script ? `<script type="module" src="${script}"></script>` : ''}
<title>${escapeHtml(title)} · Token Playground room</title>
<link rel="stylesheet" href="${ROOM_STYLESHEET_PATH}">
</head>
<body>
${renderBanner(notice)}
<main class="room-page">
<h1>${escapeHtml(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/**
 * The printable join sheet: the URL, its QR code, and the attendee accounts.
 * @param {{ joinUrl: string, qrSvg: string, notice: string, attendees: Array<{ username: string, password: string }>,
 *   selfJoinUrl?: string }} input
 */
export function renderPrintPage({ joinUrl, qrSvg, notice, attendees, selfJoinUrl }) {
  const accounts = attendees
    .map((user) => `<li>${escapeHtml(user.username)} / ${escapeHtml(user.password)}</li>`)
    .join('\n');
  return renderRoomPage({
    title: 'Join the workshop room',
    notice,
    body: `<p>Open this address on your laptop or phone (same network as the presenter):</p>
<p class="join-url">${escapeHtml(joinUrl)}</p>
<div class="qr" role="img" aria-label="QR code of ${escapeHtml(joinUrl)}">${qrSvg}</div>
<p>Then pick <strong>Run a flow</strong>; the room's IdP is already selected. Sign in with one account below (one per person).</p>
${selfJoinUrl ? `<p>No account left? Create your own demo account at <strong>${escapeHtml(selfJoinUrl)}</strong>.</p>` : ''}
<h2>Attendee accounts (${attendees.length})</h2>
<ul class="accounts">
${accounts}
</ul>`,
  });
}

/**
 * The presenter's live view: attendees per flow and stage.
 * @param {{ notice: string, joinUrl: string, attendeeCount: number, snapshot: Awaited<ReturnType<ReturnType<typeof import('./stats.js').createRoomStats>['snapshot']>>,
 *   selfJoin?: { url: string, count: number, max: number } }} input
 */
export function renderPresenterPage({ notice, joinUrl, attendeeCount, snapshot, selfJoin }) {
  const header = snapshot.stages.map((stage) => `<th scope="col">${escapeHtml(stage.label)}</th>`).join('');
  const rows = snapshot.flows
    .map(
      (flow) =>
        `<tr><th scope="row">${escapeHtml(flow.label)}</th>${snapshot.stages
          .map(
            (stage) =>
              `<td class="count" data-flow="${escapeHtml(flow.id)}" data-stage="${escapeHtml(stage.id)}">${flow.stages[stage.id]}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return renderRoomPage({
    title: 'Room progress',
    notice,
    script: PRESENTER_SCRIPT_PATH,
    body: `<p>Join URL: <strong>${escapeHtml(joinUrl)}</strong>. Counts are attendee accounts (of ${attendeeCount}${selfJoin ? ` generated, plus self-service accounts` : ''}) that reached each step, from the IdP's events and the demo API's calls. The counts update every 3 seconds.</p>
${selfJoin ? `<p>Self-service accounts created at ${escapeHtml(selfJoin.url)}: ${selfJoin.count} of at most ${selfJoin.max} (as of loading this page).</p>` : ''}
<p id="updated" class="hint">Counts as of loading this page.</p>
<table>
<caption>Attendees per flow and step</caption>
<thead><tr><th scope="col">Flow</th>${header}</tr></thead>
<tbody>
${rows}
</tbody>
</table>`,
  });
}

/**
 * The self-service join page: one button that creates a demo account; after it, the account
 * (shown once), or why none was created.
 * @param {{ notice: string, joinUrl: string, max: number,
 *   account?: { username: string, password: string }, refusal?: string }} input
 */
export function renderJoinPage({ notice, joinUrl, max, account, refusal }) {
  if (account) {
    return renderRoomPage({
      title: 'Your demo account',
      notice,
      body: `<p>Write these down now: this page shows them <strong>once</strong> and the room does not show them again.</p>
<dl class="account">
<dt>Username</dt><dd><code>${escapeHtml(account.username)}</code></dd>
<dt>Password</dt><dd><code>${escapeHtml(account.password)}</code></dd>
</dl>
<p>It is a demo account of this room's demo IdP, with a generated password: it works only here and only while the room runs.</p>
<p><a href="${escapeHtml(joinUrl)}">Open the playground</a> and sign in with it when a flow asks.</p>`,
    });
  }
  return renderRoomPage({
    title: 'Get a demo account',
    notice,
    body: `${refusal ? `<p role="alert" class="refusal">${escapeHtml(refusal)}</p>` : ''}
<p>This room lets each attendee create a demo account for its demo IdP (at most ${max} in all). You do not choose a password: the room generates one and shows it once.</p>
<form method="post" action="/room/join">
<button type="submit">Create my demo account</button>
</form>
<p class="hint">Already have an account from the join sheet? <a href="${escapeHtml(joinUrl)}">Open the playground</a>.</p>`,
  });
}
