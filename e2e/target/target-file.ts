import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { FINDING_IDS } from '../support/findings';

/** A path on the app's origin: starts with one `/`, no scheme or host. */
const originPath = z
  .string()
  .regex(/^\/(?!\/)\S*$/, 'must be a path on the app\'s origin, starting with "/" (e.g. "/api/events")');

const targetFileSchema = z
  .strictObject({
    name: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]{0,39}$/,
        'must be 1 to 40 lower-case letters, digits or "-", starting with a letter or digit',
      ),
    build: z.string().min(1, 'must name a folder with a Dockerfile, relative to the target file').optional(),
    image: z.string().min(1, 'must name an image (e.g. "registry.example.com/dashboard:1.4")').optional(),
    port: z.number().int().min(1).max(65_535),
    page: originPath.default('/'),
    stream: originPath.optional(),
    env: z
      .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name'), z.string())
      .default({}),
    health: originPath.optional(),
    replicas: z.number().int().min(2).max(4).optional(),
    expect: z.array(z.enum(FINDING_IDS)).default([]),
  })
  .refine(({ build, image }) => (build === undefined) !== (image === undefined), {
    message: 'give exactly one of "build" (a folder with a Dockerfile) or "image"',
    path: ['build'],
  });

export type TargetFile = z.infer<typeof targetFileSchema>;

/** A target as the lab runs it: the file's fields, with `build` made absolute. */
export interface Target extends Omit<TargetFile, 'build'> {
  /** The target file itself, absolute. */
  file: string;
  /** The Docker build context, absolute, when the target is built rather than pulled. */
  build?: string;
}

/** A target file that cannot be run; the message names the file and every bad field. */
export class TargetFileError extends Error {
  override readonly name = 'TargetFileError';
}

const describeIssue = ({ path, message }: z.core.$ZodIssue) =>
  `${path.length > 0 ? `"${path.join('.')}"` : 'the file'}: ${message}`;

/** Checks a parsed target file; `file` is where it was read from, for messages and relative paths. */
export function parseTarget(raw: unknown, file: string): Target {
  const result = targetFileSchema.safeParse(raw);
  if (!result.success) {
    throw new TargetFileError(
      `target file ${file}:\n${result.error.issues.map((issue) => `  ${describeIssue(issue)}`).join('\n')}`,
    );
  }
  const target: Target = { ...result.data, file: resolve(file), build: undefined };
  if (result.data.build !== undefined) {
    const context = resolve(dirname(file), result.data.build);
    if (!existsSync(context) || !statSync(context).isDirectory()) {
      throw new TargetFileError(`target file ${file}:\n  "build": ${context} is not a folder`);
    }
    if (!existsSync(join(context, 'Dockerfile'))) {
      throw new TargetFileError(`target file ${file}:\n  "build": ${context} has no Dockerfile`);
    }
    target.build = context;
  }
  return target;
}

/** Reads and checks a target file. */
export function loadTarget(file: string): Target {
  if (!existsSync(file)) throw new TargetFileError(`target file ${file}: not found`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TargetFileError(`target file ${file}: not JSON (${(error as Error).message})`);
  }
  return parseTarget(raw, file);
}
