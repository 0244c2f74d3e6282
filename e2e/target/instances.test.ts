import { describe, expect, it } from 'vitest';
import { instancesFromPs } from './instances';

const entry = (name: string, id: string, publishedPort: number) => ({
  ID: id,
  Name: name,
  Service: 'app',
  Publishers: [{ URL: '127.0.0.1', TargetPort: 3000, PublishedPort: publishedPort, Protocol: 'tcp' }],
});

describe('instancesFromPs', () => {
  it("should read compose's JSON lines, in the instances' order, each named within its stack with its own port", () => {
    const lines = [entry('t-app-10', 'c10', 49160), entry('t-app-2', 'c2', 49152)].map((e) => JSON.stringify(e));
    expect(instancesFromPs(`${lines.join('\n')}\n`, 3000, 't')).toEqual([
      { name: 'app-2', container: 'c2', url: 'http://127.0.0.1:49152' },
      { name: 'app-10', container: 'c10', url: 'http://127.0.0.1:49160' },
    ]);
  });

  it('should read the one array older compose prints, and leave out a port that is not the app’s', () => {
    const stopped = { ...entry('t-app-1', 'c1', 0) };
    const other = { ...entry('t-app-3', 'c3', 49170), Publishers: [{ TargetPort: 9229, PublishedPort: 49170 }] };
    expect(instancesFromPs(JSON.stringify([stopped, other]), 3000, 'other-project')).toEqual([
      { name: 't-app-1', container: 'c1' },
      { name: 't-app-3', container: 'c3' },
    ]);
  });

  it('should list nothing when nothing runs', () => {
    expect(instancesFromPs('\n', 3000, 't')).toEqual([]);
  });
});
