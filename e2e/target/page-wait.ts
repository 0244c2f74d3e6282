import { pollFor } from './poll';

/** What a GET got: a status, or the reason there was none. */
export type PageAnswer = { status: number } | { error: string };

export interface WaitResult {
  answer: PageAnswer;
  tries: number;
}

/** Why a fetch got no answer: the network error's code (`ECONNREFUSED`), else its message. */
function whyNoAnswer(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/**
 * A fetch bounded by `ms` on a timer that keeps the process alive. AbortSignal.timeout's timer does
 * not, and fetch's socket does not either while a proxy holds the connection (Docker's port proxy,
 * to a container that is not listening yet): a command-line wait would end the process mid-wait.
 */
async function fetchWithin(url: string, ms: number, init: RequestInit = {}): Promise<Response> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms);
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

async function getOnce(url: string): Promise<PageAnswer> {
  try {
    const response = await fetchWithin(url, 5_000, { redirect: 'manual' });
    await response.body?.cancel();
    return { status: response.status };
  } catch (error) {
    return { error: whyNoAnswer(error) };
  }
}

/** No answer, or a proxy's answer while the app is not listening yet: keep polling. */
export const notUpYet = (answer: PageAnswer): boolean => 'error' in answer || [502, 503, 504].includes(answer.status);

/**
 * GETs `url` until the app behind the proxies answers (any status but a proxy's 502–504) or
 * `timeoutMs` runs out; the last answer says which.
 */
export async function waitForAnswer(url: string, timeoutMs: number, intervalMs = 500): Promise<WaitResult> {
  let tries = 0;
  const { value: answer } = await pollFor(
    () => {
      tries++;
      return getOnce(url);
    },
    (answer) => !notUpYet(answer),
    { timeoutMs, intervalMs },
  );
  return { answer, tries };
}

/**
 * Why `url` is not an event stream, in a few words (`answered 404 (text/html)`), or undefined when
 * it answers 200 with `text/event-stream`; the stream is let go as soon as its headers are read.
 */
export async function streamProblem(url: string, timeoutMs = 10_000): Promise<string | undefined> {
  let response: Response;
  try {
    response = await fetchWithin(url, timeoutMs, { headers: { accept: 'text/event-stream' }, redirect: 'manual' });
  } catch (error) {
    return `got no answer within ${timeoutMs / 1000} s (${whyNoAnswer(error)})`;
  }
  const type = response.headers.get('content-type') ?? 'no Content-Type';
  await response.body?.cancel().catch(() => undefined);
  if (response.status !== 200) return `answered ${response.status} (${type})`;
  if (!type.startsWith('text/event-stream')) return `answered 200 with ${type}, not text/event-stream`;
  return undefined;
}

/** The last answer as a reader wants it: `HTTP 502` or the network error's code. */
export const describeAnswer = (answer: PageAnswer): string =>
  'error' in answer ? answer.error : `HTTP ${answer.status}`;
