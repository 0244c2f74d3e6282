import net from 'node:net';
import {
  startTcpServer,
  startToxiproxy,
  ToxiproxyAdmin,
  ToxiproxyTimeoutError,
  writeEvery,
  type ToxiproxyServer,
} from '@sse-lab/test-support';

/**
 * `make toxiproxy-wedge [TRIES=8]`: upstream's recipe for Toxiproxy's known wedge
 * (Shopify/toxiproxy#558), tried a bounded number of times on the native binary. Each try: a
 * fresh Toxiproxy in front of a server that streams, a jittered latency toxic longer than the
 * clients stay (they connect and close within 1.5 s, leaving data queued in the toxic), then
 * the toxic removed. A removal that does not answer within its bound, after which the API stays
 * silent, is a wedge. Upstream calls it intermittent: this reports, it does not assert.
 */

const LATENCY = { latency: 5000, jitter: 2000 };
const CLIENTS_PER_TRY = 20;
const CLIENT_SPREAD_MS = 3000;
const REMOVE_BOUND_MS = 10_000;
/** After a removal ran out: how long to watch for the API to answer again (a slow removal, not a wedge). */
const WATCH_AFTER_MS = 30_000;

function parseTries(argv: string[]): number {
  const at = argv.indexOf('--tries');
  if (at === -1) return 3;
  const text = argv[at + 1] ?? '';
  const tries = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(tries) || tries < 1 || tries > 20)
    throw new Error(`TRIES="${text}": expected an integer from 1 to 20`);
  return tries;
}

/** Clients that connect, read a little, and close within 1.5 s; spread over CLIENT_SPREAD_MS. */
async function shortLivedClients(listen: string): Promise<void> {
  const port = Number(listen.split(':').pop());
  const clients = Array.from(
    { length: CLIENTS_PER_TRY },
    (_, i) =>
      new Promise<void>((resolve) => {
        setTimeout(
          () => {
            const socket = net.connect({ host: '127.0.0.1', port });
            socket.on('error', () => resolve());
            socket.on('close', () => resolve());
            setTimeout(() => socket.destroy(), 200 + Math.random() * 1300);
          },
          (i * CLIENT_SPREAD_MS) / CLIENTS_PER_TRY,
        );
      }),
  );
  await Promise.all(clients);
}

async function oneTry(upstream: string): Promise<{ wedged: boolean; detail: string; toxiproxy: ToxiproxyServer }> {
  const toxiproxy = await startToxiproxy();
  const admin = new ToxiproxyAdmin(toxiproxy.url, { timeoutMs: REMOVE_BOUND_MS });
  const { listen } = await admin.createProxy({ name: 'edge', listen: '127.0.0.1:0', upstream });
  await admin.addToxic('edge', { name: 'latency', type: 'latency', attributes: LATENCY });
  await shortLivedClients(listen);
  const started = Date.now();
  try {
    await admin.removeToxic('edge', 'latency');
    return { wedged: false, detail: `toxic removed in ${Date.now() - started} ms`, toxiproxy };
  } catch (error) {
    if (!(error instanceof ToxiproxyTimeoutError)) throw error;
    const probe = new ToxiproxyAdmin(toxiproxy.url, { timeoutMs: 2000 });
    const deadline = Date.now() + WATCH_AFTER_MS;
    while (Date.now() < deadline) {
      if (
        await probe.proxies().then(
          () => true,
          () => false,
        )
      ) {
        return {
          wedged: false,
          detail: `slow, not wedged: the API answered again ${((Date.now() - started) / 1000).toFixed(1)} s after the DELETE`,
          toxiproxy,
        };
      }
    }
    return {
      wedged: true,
      detail: `${error.message}, and GET /proxies has not answered in the ${WATCH_AFTER_MS / 1000} s after`,
      toxiproxy,
    };
  }
}

async function main(): Promise<void> {
  const tries = parseTries(process.argv.slice(2));
  // An SSE-like frame every 50 ms on every connection, until it closes.
  const upstream = await startTcpServer(writeEvery(50, (n) => `id: ${n}\ndata: ${'x'.repeat(200)}\n\n`));
  console.log(
    `Toxiproxy wedge recipe (Shopify/toxiproxy#558): ${tries} tries, latency ${LATENCY.latency} ± ${LATENCY.jitter} ms, ${CLIENTS_PER_TRY} clients of under 1.5 s each, then DELETE the toxic (bound ${REMOVE_BOUND_MS} ms)`,
  );
  let wedges = 0;
  try {
    for (let n = 1; n <= tries; n++) {
      const { wedged, detail, toxiproxy } = await oneTry(upstream.address);
      if (wedged) {
        wedges++;
        const stuck = toxiproxy
          .log()
          .split('\n')
          .filter((line) => line.includes('Could not write last packets after interrupt'));
        const logSays = stuck.length
          ? '; its log repeats "Could not write last packets after interrupt to Output"'
          : '';
        console.log(`  try ${n}/${tries}: WEDGED: ${detail}${logSays}`);
      } else {
        console.log(`  try ${n}/${tries}: ${detail}`);
      }
      await toxiproxy.stop(1000);
    }
  } finally {
    await upstream.close();
  }
  console.log(
    wedges
      ? `wedged in ${wedges} of ${tries} tries`
      : `no wedge in ${tries} tries (it is intermittent: more tries, or "make up" with the dashboard, make it likelier)`,
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`toxiproxy-wedge: ${error.message}`);
    process.exit(2);
  },
);
