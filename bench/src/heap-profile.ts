import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LoadGenerator } from './generator-client';
import { harnessArgs } from './harness-args';
import { REPO_ROOT, startServer } from './server-process';

/** The parts of a V8 .heapsnapshot this harness reads. */
export interface HeapSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

export interface HeapEntry {
  /** `type:constructor`, e.g. `object:SseStream`, `closure:onclose`. */
  kind: string;
  count: number;
  bytes: number;
}

const STRING_TYPES = new Set(['string', 'concatenated string', 'sliced string']);

/** The self sizes of every node, summed. */
export function heapTotalBytes(heap: HeapSnapshot): number {
  const fields = heap.snapshot.meta.node_fields;
  const sizeAt = fields.indexOf('self_size');
  let total = 0;
  for (let i = sizeAt; i < heap.nodes.length; i += fields.length) total += heap.nodes[i];
  return total;
}

/** Self size and count by node type and constructor name, largest first. */
export function heapByKind(heap: HeapSnapshot, limit = 40): HeapEntry[] {
  const {
    node_fields: fields,
    node_types: [types],
  } = heap.snapshot.meta;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((field) => fields.indexOf(field));
  const byKind = new Map<string, HeapEntry>();
  for (let i = 0; i < heap.nodes.length; i += width) {
    const type = types[heap.nodes[i + typeAt]];
    const name = STRING_TYPES.has(type)
      ? '(string)'
      : type === 'code'
        ? '(code)'
        : heap.strings[heap.nodes[i + nameAt]].slice(0, 60);
    const kind = `${type}:${name}`;
    const entry = byKind.get(kind) ?? { kind, count: 0, bytes: 0 };
    entry.count++;
    entry.bytes += heap.nodes[i + sizeAt];
    byKind.set(kind, entry);
  }
  return [...byKind.values()].sort((a, b) => b.bytes - a.bytes).slice(0, limit);
}

/** Signals the process to write a heap snapshot and waits until a new one is complete. */
async function takeSnapshot(pid: number, dir: string, taken: string[], timeoutMs = 120_000): Promise<string> {
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  let lastSize = -1;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const file = readdirSync(dir).find((name) => name.endsWith('.heapsnapshot') && !taken.includes(join(dir, name)));
    if (!file) continue;
    const size = statSync(join(dir, file)).size;
    if (size > 0 && size === lastSize) return join(dir, file);
    lastSize = size;
  }
  throw new Error(`no complete .heapsnapshot in ${dir} within ${timeoutMs} ms`);
}

/**
 * What a server process keeps per open stream: `npx tsx bench/src/heap-profile.ts LABEL [STREAMS] [SERVER]`.
 * Has the idle process write a heap snapshot, opens the streams, takes a second one (each after a
 * full GC), and writes bench/results/heap-LABEL.md: the heap per stream, and the largest object
 * kinds with the streams open.
 */
async function main(): Promise<void> {
  const { label, streams, server } = harnessArgs('heap-profile.ts', process.argv.slice(2));
  const dir = join(REPO_ROOT, 'bench/results/heap', label);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.log(`==> ${server}: a heap snapshot idle, then with ${streams} streams open`);
  const sut = await startServer(server, 3691, { TICK_MS: '1000', HEARTBEAT_MS: '30000', REPLAY_SIZE: '100' }, [
    '--heapsnapshot-signal=SIGUSR2',
    `--diagnostic-dir=${dir}`,
  ]);
  const generator = LoadGenerator.start();
  const taken: string[] = [];
  try {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    taken.push(await takeSnapshot(sut.pid, dir, taken));
    const opened = await generator.openStreams(`${sut.url}/api/stream`, streams);
    if (opened.connected !== streams) throw new Error(`only ${opened.connected} of ${streams} streams opened`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    taken.push(await takeSnapshot(sut.pid, dir, taken));
  } finally {
    generator.stop();
    await sut.stop();
  }
  const [idle, loaded] = taken.map((file) => JSON.parse(readFileSync(file, 'utf8')) as HeapSnapshot);
  const top = heapByKind(loaded);
  const perStreamKB = (heapTotalBytes(loaded) - heapTotalBytes(idle)) / streams / 1024;
  const perStream = (value: number) => (value / streams).toFixed(value / streams >= 10 ? 0 : 2);
  const lines = [
    `# Heap per stream: ${label}`,
    '',
    `Server: ${server}, ${streams} open streams. Heap per stream: **${perStreamKB.toFixed(1)} KB** (the heap with the streams open less the idle heap, each after a full GC).`,
    '',
    `The largest kinds with the streams open: self sizes by V8 node type and constructor; per stream = total / ${streams}.`,
    '',
    '| kind | per stream (count) | per stream (bytes) | total MB |',
    '|---|---|---|---|',
    ...top.map(
      (entry) =>
        `| \`${entry.kind}\` | ${perStream(entry.count)} | ${perStream(entry.bytes)} | ${(entry.bytes / 2 ** 20).toFixed(1)} |`,
    ),
  ];
  const out = join(REPO_ROOT, `bench/results/heap-${label}.md`);
  writeFileSync(out, `${lines.join('\n')}\n`);
  rmSync(dir, { recursive: true, force: true });
  if (existsSync(dir)) console.warn(`could not remove ${dir}`);
  console.log(lines.join('\n'));
  console.log(`\nwritten to ${out}`);
}

if (process.argv[1]?.endsWith('heap-profile.ts')) {
  main().catch((error: Error) => {
    console.error(`heap-profile: ${error.message}`);
    process.exit(1);
  });
}
