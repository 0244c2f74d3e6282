import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** Every relative import of a module, type-only ones included (the lint rule does not follow those). */
function importsOf(file: string): string[] {
  return ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name.replace(/\.js$/, '.ts')));
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const visit = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    if (at !== -1) return void found.push([...path.slice(at), file]);
    for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
  };
  for (const file of graph.keys()) visit(file, []);
  return found;
}

describe('the client package', () => {
  const graph = new Map(sources(SRC).map((file) => [file, importsOf(file)]));

  it('has no import cycle, counting type-only imports', () => {
    const names = cycles(graph).map((cycle) => cycle.map((file) => relative(SRC, file)).join(' → '));
    expect(names).toEqual([]);
  });

  it('imports nothing outside its own folder by a relative path', () => {
    const outside = [...graph].flatMap(([file, imports]) =>
      imports
        .filter((target) => relative(SRC, target).startsWith('..'))
        .map((target) => `${relative(SRC, file)} → ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('reads the imports it checks (the graph is not empty)', () => {
    expect(graph.get(join(SRC, 'create-event-stream.ts'))).toEqual(
      expect.arrayContaining([join(SRC, 'lab-event-stream.ts'), join(SRC, 'shared-event-stream.ts')]),
    );
  });
});
