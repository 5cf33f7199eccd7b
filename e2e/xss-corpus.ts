// XSS payloads for the security gates (issue 7). Every payload that could run sets
// `window.__xss` or opens a dialog, so a test can tell execution apart from text.

const RUN = 'window.__xss=1';

/** Script tags, including split, nested and case-mangled variants. */
const scriptTags = [
  `<script>${RUN}</script>`,
  `<SCRIPT>${RUN}</SCRIPT>`,
  `<script src="data:text/javascript,${RUN}"></script>`,
  `<scr<script>ipt>${RUN}</scr</script>ipt>`,
  `"><script>${RUN}</script>`,
  `'><script>${RUN}</script>`,
  `</textarea><script>${RUN}</script>`,
  `</title><script>${RUN}</script>`,
  `<script>alert(1)</script>`,
  `<script type="module">${RUN}</script>`,
];

/** Event handler attributes on ordinary elements. */
const eventHandlers = [
  `<img src=x onerror="${RUN}">`,
  `<img src=x onerror=alert(1)>`,
  `<body onload="${RUN}">`,
  `<div onmouseover="${RUN}">hover</div>`,
  `<input autofocus onfocus="${RUN}">`,
  `<details open ontoggle="${RUN}">`,
  `<video><source onerror="${RUN}"></video>`,
  `<marquee onstart="${RUN}">`,
  `" onmouseover="${RUN}" x="`,
  `' onfocus='${RUN}' autofocus '`,
  `<iframe onload="${RUN}"></iframe>`,
  `<form><button formaction="javascript:${RUN}">go</button></form>`,
];

/** `javascript:` and other dangerous URLs, plain and obfuscated. */
const javascriptUrls = [
  `javascript:${RUN}`,
  `JaVaScRiPt:alert(1)`,
  `  javascript:${RUN}`,
  `java\tscript:${RUN}`,
  `javascript&colon;${RUN}`,
  `<a href="javascript:${RUN}">click</a>`,
  `<iframe src="javascript:${RUN}"></iframe>`,
  `data:text/html,<script>${RUN}</script>`,
  `vbscript:msgbox(1)`,
  `<meta http-equiv="refresh" content="0;url=javascript:${RUN}">`,
];

/** SVG and MathML vectors. */
const svg = [
  `<svg onload="${RUN}">`,
  `<svg><script>${RUN}</script></svg>`,
  `<svg><a xlink:href="javascript:${RUN}"><text y="20">x</text></a></svg>`,
  `<svg><animate onbegin="${RUN}" attributeName="x" dur="1s">`,
  `<svg><foreignObject><img src=x onerror="${RUN}"></foreignObject></svg>`,
  `<math><mtext><img src=x onerror="${RUN}"></mtext></math>`,
];

/** Broken, unbalanced or comment-wrapped markup that confuses naive sanitisers. */
const brokenMarkup = [
  `<img src="x" onerror="${RUN}"`,
  `<!--<img src="--><img src=x onerror=${RUN}>-->`,
  `<![CDATA[<script>${RUN}</script>]]>`,
  `<style>@import 'javascript:${RUN}';</style>`,
  `<<script>${RUN};//<</script>`,
  `<noscript><p title="</noscript><img src=x onerror=${RUN}>">`,
  `<base href="javascript:/">`,
  `<object data="javascript:${RUN}">`,
  `<embed src="javascript:${RUN}">`,
  `<link rel=import href="data:text/html,<script>${RUN}</script>">`,
];

/** Bidi overrides and zero-width characters that disguise text. */
const invisibleCharacters = [
  'admin\u202Egnp.exe',
  '\u202Dtrusted\u202C-\u2066isolate\u2069',
  'ali\u200Bce',
  'zero\u200Cwidth\u200Djoiner',
  '\uFEFFbom-prefixed',
  `<scr\u200Bipt>${RUN}</scr\u200Bipt>`,
  'right\u200Fto\u200Eleft',
];

/** Template and expression syntaxes of common front-end frameworks and server templates. */
const templateInjections = [
  `{{constructor.constructor('${RUN}')()}}`,
  `\${${RUN}}`,
  `<%= ${RUN} %>`,
  `{{7*7}}`,
  `#{${RUN}}`,
  `[[${RUN}]]`,
];

/** All payloads, at least 50 (issue 7). */
export const XSS_PAYLOADS: readonly string[] = [
  ...scriptTags,
  ...eventHandlers,
  ...javascriptUrls,
  ...svg,
  ...brokenMarkup,
  ...invisibleCharacters,
  ...templateInjections,
];
