import { describe, expect, it } from 'vitest';
import { parseFlags } from './cli';

describe('parseFlags', () => {
  it('defaults like the real server', () => {
    expect(parseFlags([])).toEqual({ host: 'localhost', port: 8474, version: false });
  });

  it('accepts -flag=value and -flag value, with one or two dashes', () => {
    expect(parseFlags(['-host=0.0.0.0', '-port', '9000', '--config', '/etc/toxiproxy.json'])).toEqual({
      host: '0.0.0.0',
      port: 9000,
      config: '/etc/toxiproxy.json',
      version: false,
    });
  });

  it('ignores the metrics flags and reads -version', () => {
    expect(parseFlags(['-proxy-metrics', '-runtime-metrics', '-version']).version).toBe(true);
  });

  it('names the bad flag or value', () => {
    expect(() => parseFlags(['-bogus'])).toThrow('flag provided but not defined: -bogus');
    expect(() => parseFlags(['-port=abc'])).toThrow('invalid value "abc" for flag -port');
    expect(() => parseFlags(['-config'])).toThrow('flag needs an argument: -config');
  });
});
