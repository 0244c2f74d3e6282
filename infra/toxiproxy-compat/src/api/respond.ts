import type { ServerResponse } from 'node:http';
import { ApiError } from './api-error';

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
}

export function empty(res: ServerResponse, status = 204): void {
  res.writeHead(status);
  res.end();
}

/** Toxiproxy writes errors with Go's http.Error: JSON text, but a text/plain content type. */
export function error(res: ServerResponse, failure: unknown): void {
  const apiError = failure instanceof ApiError ? failure : new ApiError(failure instanceof Error ? failure.message : String(failure), 500);
  res.writeHead(apiError.status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(`${JSON.stringify({ error: apiError.message, status: apiError.status, ...apiError.extra })}\n`);
}
