/** A test error's message as a reader of a log wants it: no colour codes, no blank lines. */
export function errorLines(message: string | undefined): string[] {
  return (message ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
}

/** The first non-blank line of a test error's message, or `fallback` when it has none. */
export function firstErrorLine(message: string | undefined, fallback = ''): string {
  return errorLines(message)[0]?.trim() ?? fallback;
}
