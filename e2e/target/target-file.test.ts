import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadTarget, parseTarget, TargetFileError } from './target-file';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'target-file-'));
  mkdirSync(join(dir, 'app'));
  writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM scratch\n');
  file = join(dir, 'target.json');
});

const errorOf = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(TargetFileError);
    return (error as Error).message;
  }
  throw new Error('expected a TargetFileError');
};

describe('parseTarget', () => {
  it('should fill the defaults and make the build folder absolute, relative to the file', () => {
    const target = parseTarget({ name: 'spike', build: 'app', port: 3000 }, file);
    expect(target).toEqual({
      name: 'spike',
      file,
      build: join(dir, 'app'),
      port: 3000,
      page: '/',
      env: {},
      expect: [],
    });
  });

  it('should keep an image, the optional fields and the accepted findings', () => {
    const target = parseTarget(
      {
        name: 'dashboard',
        image: 'dashboard:1.4',
        port: 8080,
        page: '/live',
        stream: '/api/events',
        env: { NODE_ENV: 'production' },
        health: '/healthz',
        replicas: 2,
        expect: ['F1', 'F6'],
      },
      file,
    );
    expect(target).toMatchObject({ image: 'dashboard:1.4', replicas: 2, stream: '/api/events', expect: ['F1', 'F6'] });
    expect(target.build).toBeUndefined();
  });

  it('should name every bad field in one message', () => {
    const message = errorOf(() =>
      parseTarget({ name: 'My App', build: 'app', port: 70_000, page: 'live', expect: ['F99'] }, file),
    );
    expect(message).toContain(`target file ${file}:`);
    expect(message).toMatch(/"name": must be 1 to 40 lower-case/);
    expect(message).toMatch(/"port": .*65535/);
    expect(message).toMatch(/"page": must be a path on the app's origin/);
    expect(message).toMatch(/"expect\.0": /);
  });

  it('should ask for exactly one of build or image', () => {
    expect(errorOf(() => parseTarget({ name: 'a', port: 1 }, file))).toMatch(/exactly one of "build".*or "image"/);
    expect(errorOf(() => parseTarget({ name: 'a', port: 1, build: 'app', image: 'x' }, file))).toMatch(
      /exactly one of/,
    );
  });

  it('should refuse a field it does not know, a typo included', () => {
    expect(errorOf(() => parseTarget({ name: 'a', port: 1, image: 'x', heatlh: '/h' }, file))).toMatch(/heatlh/);
  });

  it('should name a missing build folder beside the other bad fields', () => {
    const message = errorOf(() => parseTarget({ name: 'Bad', port: 'x', build: 'nope' }, file));
    expect(message).toMatch(/"name": /);
    expect(message).toMatch(/"port": /);
    expect(message).toMatch(/"build": .*nope is not a folder/);
  });

  it('should refuse a build folder that is missing or has no Dockerfile', () => {
    expect(errorOf(() => parseTarget({ name: 'a', port: 1, build: 'nope' }, file))).toContain('is not a folder');
    mkdirSync(join(dir, 'empty'));
    expect(errorOf(() => parseTarget({ name: 'a', port: 1, build: 'empty' }, file))).toContain('has no Dockerfile');
  });
});

describe('loadTarget', () => {
  it('should read a file from disk', () => {
    writeFileSync(file, JSON.stringify({ name: 'spike', build: 'app', port: 3000 }));
    expect(loadTarget(file).build).toBe(join(dir, 'app'));
  });

  it('should say when the file is missing or not JSON', () => {
    expect(errorOf(() => loadTarget(join(dir, 'missing.json')))).toMatch(/missing\.json: not found/);
    writeFileSync(file, '{ name: spike }');
    expect(errorOf(() => loadTarget(file))).toMatch(/target\.json: not JSON/);
  });
});
