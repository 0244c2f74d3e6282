import { describe, expect, it } from 'vitest';
import { readSample } from './metrics-text.js';

const TEXT = `# HELP sse_active_streams Streams currently open
# TYPE sse_active_streams gauge
sse_active_streams 3

# HELP sse_streams_closed_total Streams ended, by reason
# TYPE sse_streams_closed_total counter
sse_streams_closed_total{reason="client"} 7
sse_streams_closed_total{reason="dead-peer"} 2

# HELP sse_active_streams_total A longer name sharing the prefix
# TYPE sse_active_streams_total counter
sse_active_streams_total 99
`;

describe('readSample', () => {
  it('should read a sample by name and labels', () => {
    expect(readSample(TEXT, 'sse_active_streams')).toBe(3);
    expect(readSample(TEXT, 'sse_streams_closed_total', { reason: 'dead-peer' })).toBe(2);
    expect(readSample(TEXT, 'sse_streams_closed_total', { reason: 'client' })).toBe(7);
  });

  it('should read 0 for a series or a label set that is absent', () => {
    expect(readSample(TEXT, 'sse_missing')).toBe(0);
    expect(readSample(TEXT, 'sse_streams_closed_total', { reason: 'shutdown' })).toBe(0);
  });
});
