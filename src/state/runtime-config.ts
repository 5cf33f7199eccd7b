import * as v from 'valibot';

/**
 * Defaults a deployment of the app may set without rebuilding it (a workshop room served from the
 * presenter's machine): where the local demo IdP and API are, and whether the loopback relay is
 * offered. They come from `<meta name="token-playground-config" content="{json}">` in the page,
 * which the serving side writes; no script is involved, so the strict CSP stays. Without the
 * element (`npm start`, a plain build) every default stays as it is.
 */
export interface RuntimeConfig {
  /** Issuer of the local demo IdP. */
  localIssuer?: string;
  /** The demo API a run calls with its access token. */
  apiUrl?: string;
  /** `false`: the relay is not offered; requests go directly to the IdP, which allows this origin. */
  relay?: boolean;
  /** Where `response_mode=form_post` responses are received and handed to this app (instead of the relay's receiver). */
  formPostReceiver?: string;
  /** The origin that serves the local IdP's demo assertion key and takes uploaded public keys (instead of the relay). */
  demoKeyOrigin?: string;
}

export const RUNTIME_CONFIG_META = 'token-playground-config';

const HttpUrl = v.pipe(
  v.string(),
  v.url(),
  v.check((value) => /^https?:\/\//.test(value), 'must be an http(s) URL'),
);

const RuntimeConfigSchema = v.strictObject({
  localIssuer: v.optional(HttpUrl),
  apiUrl: v.optional(HttpUrl),
  relay: v.optional(v.boolean()),
  formPostReceiver: v.optional(HttpUrl),
  demoKeyOrigin: v.optional(HttpUrl),
});

/** Parses the meta element's content; anything malformed is ignored as a whole. */
export function parseRuntimeConfig(content: string | null | undefined): RuntimeConfig {
  if (!content) return {};
  try {
    const result = v.safeParse(RuntimeConfigSchema, JSON.parse(content));
    if (!result.success) return {};
    const config: RuntimeConfig = {};
    if (result.output.localIssuer !== undefined)
      config.localIssuer = result.output.localIssuer.replace(/\/$/, '');
    if (result.output.apiUrl !== undefined) config.apiUrl = result.output.apiUrl;
    if (result.output.relay !== undefined) config.relay = result.output.relay;
    if (result.output.formPostReceiver !== undefined)
      config.formPostReceiver = result.output.formPostReceiver;
    if (result.output.demoKeyOrigin !== undefined)
      config.demoKeyOrigin = new URL(result.output.demoKeyOrigin).origin;
    return config;
  } catch {
    return {};
  }
}

function readRuntimeConfig(): RuntimeConfig {
  if (typeof document === 'undefined') return {};
  return parseRuntimeConfig(
    document.querySelector(`meta[name="${RUNTIME_CONFIG_META}"]`)?.getAttribute('content'),
  );
}

/** Read once when the app loads. */
export const runtimeConfig: RuntimeConfig = readRuntimeConfig();
