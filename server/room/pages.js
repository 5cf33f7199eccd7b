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

/** The notice shown on every page of the room (app, IdP pages, room pages). */
export function roomNotice(joinUrl) {
  return `Workshop room: a demo identity provider for this room only (${joinUrl}). Demo accounts, demo secrets; do not enter real passwords.`;
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
 * @param {{ joinUrl: string, qrSvg: string, notice: string, attendees: Array<{ username: string, password: string }> }} input
 */
export function renderPrintPage({ joinUrl, qrSvg, notice, attendees }) {
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
<h2>Attendee accounts (${attendees.length})</h2>
<ul class="accounts">
${accounts}
</ul>`,
  });
}

/**
 * The presenter's live view: attendees per flow and stage.
 * @param {{ notice: string, joinUrl: string, attendeeCount: number, snapshot: Awaited<ReturnType<ReturnType<typeof import('./stats.js').createRoomStats>['snapshot']>> }} input
 */
export function renderPresenterPage({ notice, joinUrl, attendeeCount, snapshot }) {
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
    body: `<p>Join URL: <strong>${escapeHtml(joinUrl)}</strong>. Counts are attendee accounts (of ${attendeeCount}) that reached each step, from the IdP's events and the demo API's calls. The counts update every 3 seconds.</p>
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
