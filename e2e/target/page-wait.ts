/** What a GET got: a status, or the reason there was none. */
export type PageAnswer = { status: number } | { error: string };

export interface WaitResult {
  answer: PageAnswer;
  tries: number;
}

async function getOnce(url: string): Promise<PageAnswer> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000), redirect: 'manual' });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { error: cause?.code ?? cause?.message ?? (error as Error).message };
  }
}

/** No answer, or a proxy's answer while the app is not listening yet: keep polling. */
export const notUpYet = (answer: PageAnswer): boolean => 'error' in answer || [502, 503, 504].includes(answer.status);

/**
 * GETs `url` until the app behind the proxies answers (any status but a proxy's 502–504) or
 * `timeoutMs` runs out; the last answer says which.
 */
export async function waitForAnswer(url: string, timeoutMs: number, intervalMs = 500): Promise<WaitResult> {
  const deadline = Date.now() + timeoutMs;
  let tries = 0;
  for (;;) {
    tries++;
    const answer = await getOnce(url);
    if (!notUpYet(answer) || Date.now() >= deadline) return { answer, tries };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The last answer as a reader wants it: `HTTP 502` or the network error's code. */
export const describeAnswer = (answer: PageAnswer): string =>
  'error' in answer ? answer.error : `HTTP ${answer.status}`;
