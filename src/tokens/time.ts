import type { JsonObject } from './decode';

export type TimeStatus = 'valid' | 'expired' | 'not-yet-valid' | 'no-expiry';

export interface TimeDescription {
  /** The claim value, seconds since the epoch. */
  seconds: number;
  utc: string;
  local: string;
  /** "in 52 minutes", "3 hours ago". */
  relative: string;
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

// Building an Intl formatter costs far more than formatting with one, and a claims table formats its
// time claims on every clock tick: one formatter per locale (and time zone), made on first use.
const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

function relativeFormat(locale: string): Intl.RelativeTimeFormat {
  let format = relativeFormats.get(locale);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'always' });
    relativeFormats.set(locale, format);
  }
  return format;
}

function dateFormat(locale: string, timeZone: string | undefined): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'long',
      ...(timeZone ? { timeZone } : {}),
    });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * Says how far a moment is from now in words: "in 52 minutes", "3 hours ago", "now".
 * @see https://tc39.es/ecma402/#relativetimeformat-objects
 */
export function formatRelativeSeconds(deltaSeconds: number, locale = 'en'): string {
  const abs = Math.abs(deltaSeconds);
  if (abs < 1) return 'now';
  const [unit, size] = UNITS.find(([, s]) => abs >= s) ?? ['second', 1];
  const amount = Math.trunc(deltaSeconds / size);
  return relativeFormat(locale).format(amount, unit);
}

/**
 * Shows a NumericDate claim in UTC, in local time and relative to `nowSeconds`.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-2 (NumericDate)
 */
export function describeTime(
  seconds: number,
  nowSeconds: number,
  options: { timeZone?: string; locale?: string } = {},
): TimeDescription {
  const date = new Date(seconds * 1000);
  const valid = Number.isFinite(date.getTime());
  const local = valid ? dateFormat(options.locale ?? 'en', options.timeZone).format(date) : 'out of range';
  return {
    seconds,
    utc: valid ? date.toISOString().replace('.000Z', 'Z') : 'out of range',
    local,
    relative: formatRelativeSeconds(seconds - nowSeconds, options.locale),
  };
}

export interface TokenTimeStatus {
  status: TimeStatus;
  /** Plain words: "expires in 52 minutes", "expired 3 hours ago", "not valid until …". */
  summary: string;
  /** Seconds until the status changes (expiry or becoming valid), when it will. */
  secondsLeft?: number;
}

/**
 * Judges `exp` and `nbf` against the current time with a clock-skew allowance.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-4.1.5
 */
export function evaluateTokenTime(payload: JsonObject, nowSeconds: number, skewSeconds = 0): TokenTimeStatus {
  const { exp, nbf } = payload;
  if (typeof nbf === 'number' && nowSeconds + skewSeconds < nbf) {
    return {
      status: 'not-yet-valid',
      summary: `not valid yet: becomes valid ${formatRelativeSeconds(nbf - nowSeconds)}`,
      secondsLeft: nbf - skewSeconds - nowSeconds,
    };
  }
  if (typeof exp !== 'number') return { status: 'no-expiry', summary: 'has no expiry (exp)' };
  if (nowSeconds - skewSeconds >= exp)
    return { status: 'expired', summary: `expired ${formatRelativeSeconds(exp - nowSeconds)}` };
  const summary =
    exp <= nowSeconds
      ? `expired ${formatRelativeSeconds(exp - nowSeconds)}, accepted within the ${skewSeconds} s clock skew`
      : `expires ${formatRelativeSeconds(exp - nowSeconds)}`;
  return { status: 'valid', summary, secondsLeft: exp + skewSeconds - nowSeconds };
}
