import { ERRORS } from './api/api-error';
import { TOXIC_TYPES } from './toxics';
import type { Attributes, ToxicType } from './toxics/toxic';

export type Stream = 'upstream' | 'downstream';

/** A toxic configured on a proxy (the API's view); links run their own stubs of it. */
export interface ToxicInstance {
  name: string;
  type: ToxicType;
  stream: Stream;
  toxicity: number;
  attributes: Attributes;
}

export function toxicJson(toxic: ToxicInstance) {
  return { attributes: toxic.attributes, name: toxic.name, type: toxic.type.type, stream: toxic.stream, toxicity: toxic.toxicity };
}

export function parseStream(raw: unknown): Stream {
  if (raw === undefined || raw === null) return 'downstream';
  const value = typeof raw === 'string' ? raw.toLowerCase() : '';
  if (value === 'upstream' || value === 'downstream') return value;
  throw ERRORS.invalidStream();
}

/** Merges `raw` into `base`, keeping only the type's attributes; each must be an integer. */
export function mergeAttributes(type: ToxicType, base: Attributes, raw: unknown): Attributes {
  if (raw === undefined || raw === null) return { ...base };
  if (typeof raw !== 'object' || Array.isArray(raw)) throw ERRORS.badBody('json: cannot unmarshal attributes: expected an object');
  const merged: Attributes = { ...base };
  for (const key of Object.keys(type.defaults)) {
    const value = (raw as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw ERRORS.badBody(`json: cannot unmarshal ${JSON.stringify(value)} into attribute "${key}" of type int`);
    }
    merged[key] = value;
  }
  return merged;
}

export function parseToxicity(raw: unknown, fallback: number): number {
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== 'number' || Number.isNaN(raw)) throw ERRORS.badBody(`json: cannot unmarshal ${JSON.stringify(raw)} into field "toxicity" of type float32`);
  return raw;
}

/** Builds a toxic from a create body, with Toxiproxy's defaults and check order. */
export function newToxic(body: Record<string, unknown>, nameTaken: (name: string) => boolean): ToxicInstance {
  const stream = parseStream(body.stream);
  const typeName = typeof body.type === 'string' ? body.type : '';
  const name = typeof body.name === 'string' && body.name !== '' ? body.name : `${typeName}_${stream}`;
  const type = TOXIC_TYPES.get(typeName);
  if (!type) throw ERRORS.invalidToxicType();
  if (nameTaken(name)) throw ERRORS.toxicExists();
  return {
    name,
    type,
    stream,
    toxicity: parseToxicity(body.toxicity, 1),
    attributes: mergeAttributes(type, type.defaults, body.attributes),
  };
}
