/** What happened to a copy: done, no clipboard in this page (insecure origin, old browser), or refused. */
export type CopyResult = { ok: true } | { ok: false; reason: 'unavailable' | 'refused'; detail: string };

/** Copies text to the clipboard; never throws, and says why when it could not. */
export async function copyText(text: string): Promise<CopyResult> {
  const clipboard = (navigator as Partial<Navigator>).clipboard;
  if (!clipboard?.writeText) {
    return {
      ok: false,
      reason: 'unavailable',
      detail: 'the clipboard is not available in this browser or page',
    };
  }
  try {
    await clipboard.writeText(text);
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: 'refused', detail: error instanceof Error ? error.message : String(error) };
  }
}

/** A failed copy in one sentence that says which of the two happened. */
export function describeCopyFailure(result: Extract<CopyResult, { ok: false }>): string {
  return result.reason === 'unavailable'
    ? `Copy failed: ${result.detail}.`
    : `Copy failed: the browser refused clipboard access (${result.detail}).`;
}
