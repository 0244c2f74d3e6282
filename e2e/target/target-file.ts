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

/** What is wrong with a build folder, or undefined when it has a Dockerfile. */
function buildFolderProblem(context: string): string | undefined {
  if (!existsSync(context) || !statSync(context).isDirectory()) return `${context} is not a folder`;
  if (!existsSync(join(context, 'Dockerfile'))) return `${context} has no Dockerfile`;
  return undefined;
}

/** Checks a parsed target file; `file` is where it was read from, for messages and relative paths. */
export function parseTarget(raw: unknown, file: string): Target {
  const result = targetFileSchema.safeParse(raw);
  const problems = result.success ? [] : result.error.issues.map(describeIssue);
  // The folder is checked whatever else is wrong, so that one run names every problem.
  const build = (raw as { build?: unknown } | null)?.build;
  const context = typeof build === 'string' && build !== '' ? resolve(dirname(file), build) : undefined;
  const folderProblem = context === undefined ? undefined : buildFolderProblem(context);
  if (folderProblem) problems.push(`"build": ${folderProblem}`);
  if (!result.success || problems.length > 0) {
    throw new TargetFileError(`target file ${file}:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
  }
  return { ...result.data, file: resolve(file), build: context };
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
