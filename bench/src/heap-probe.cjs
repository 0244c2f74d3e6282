// Preloaded into every server the bench starts (node --expose-gc --require): on SIGUSR2 it runs a
// full garbage collection and writes the heap then in use to HEAP_PROBE_FILE, so the heap per
// stream is measured the same way on the lab and on every peer, whatever framework each one runs.
const { writeFileSync } = require('node:fs');

const file = process.env.HEAP_PROBE_FILE;
if (file && typeof globalThis.gc === 'function') {
  process.on('SIGUSR2', () => {
    globalThis.gc();
    writeFileSync(file, JSON.stringify({ heapUsedBytes: process.memoryUsage().heapUsed, at: Date.now() }));
  });
}
