import type { IncomingMessage } from 'node:http';
import { ERRORS } from './api-error';

const MAX_BODY_BYTES = 1_000_000;

/** Reads a JSON body; an empty body is `{}` (Go's decoder would see EOF and the handlers default). */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  let raw = '';
  for await (const chunk of req) {
    raw += chunk;
    if (raw.length > MAX_BODY_BYTES) throw ERRORS.badBody('http: request body too large');
  }
  if (raw.trim() === '') throw ERRORS.badBody('EOF');
  try {
    return JSON.parse(raw);
  } catch (error) {
    throw ERRORS.badBody((error as Error).message);
  }
}

export function asObject(value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw ERRORS.badBody(`json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into an object`);
  }
  return value as Record<string, unknown>;
}
