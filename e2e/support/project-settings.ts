import type { EngineName } from '../engines/engine';
import type { StreamTransport } from './transports';

/**
 * What a project of the suite runs on. The config gives it both in `use` (the fixtures' options)
 * and in `metadata`: a blob report keeps a project's metadata but not its `use`, and the rows of
 * merged shards are placed by what the metadata says.
 */
export interface ProjectSettings {
  engineName?: EngineName;
  streamTransport?: StreamTransport;
  /** A target run (targets.config.ts): the target file this project judges, and its stack's slot (its ports). */
  targetFile?: string;
  stackSlot?: number;
}
