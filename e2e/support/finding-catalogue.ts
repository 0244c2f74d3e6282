import type { AppCapability } from '../apps/app-under-test';

/**
 * Every finding in one place: what the report says of it, what the lab claims, which specs prove
 * it on the lab's own stacks, and how a target's verdict is reached. Adding a finding is an entry
 * here, its spec (each test declaring its rows with `expects()`), and, for a target verdict, a
 * judge in target/verdicts/ (docs/adding-a-finding.md).
 */
export interface FindingEntry {
  id: `F${number}`;
  title: string;
  /** The spike's own words where it had some (its write-up is in French). */
  spike: string;
  /** What the lab shows: the failure, and what mitigates it. */
  claim: string;
  /** The spec files (in e2e/) whose tests record its rows. */
  specs: readonly string[];
  /**
   * What an app must provide for the finding to be judged on it at all, a target's verdict
   * included (apps/app-under-test.ts); an app that lacks one gets a `not applicable` row with its reason.
   */
  needs?: readonly AppCapability[];
  /** A target's verdict: the judge in e2e/target/verdicts/, or the rows that stand for it. Absent: none, for what `needs` says. */
  target?: { judge: string } | { platformRows: string };
}

export const FINDINGS = [
  {
    id: 'F1',
    title: 'An open but silent connection',
    spike: '« Reconnexion non fiable : connexion reste "ouverte" mais silencieuse (proxy / réseau) »',
    claim:
      'A bare EventSource stays OPEN on a connection that carries nothing; the watchdog sees the missed heartbeats, rebuilds the connection and resumes without losing an event.',
    specs: ['f1-silent-connection.spec.ts'],
    target: { judge: 'f1-silence.ts' },
  },
  {
    id: 'F2',
    title: 'Server streams leak when clients leave',
    spike: '« Fuite de ressources côté serveur : stream non arrêté quand le client ferme la connexion »',
    claim:
      "Closed tabs, reset peers, dropped proxies, dead and slow peers: the server's streams, timers and per-IP slots go back to baseline, read from its metrics.",
    specs: ['f2-server-leak.spec.ts'],
    target: { judge: 'f2-server-leak.ts' },
  },
  {
    id: 'F3',
    title: 'The Vite dev proxy keeps a dead stream open',
    spike: '« Le proxy "absorbe" la connexion et ne la relâche pas proprement après une coupure »',
    claim:
      "After a backend restart behind Vite's dev proxy the browser's stream stays OPEN forever; the full dev-proxy fix restores native reconnection, the abort-only half-fix ends in CLOSED, the lab client recovers either way.",
    specs: ['f3-vite-dev-proxy.spec.ts'],
    needs: ['dev-server'],
  },
  {
    id: 'F4',
    title: 'Proxy buffering hides events',
    spike: '« Comportement dev ≠ prod : proxy Vite, buffering, cold starts PaaS »',
    claim:
      'nginx at its defaults (buffering, gzip) holds events back; the tuned configuration or X-Accel-Buffering: no delivers each one at once, latency measured per event.',
    specs: ['f4-proxy-buffering.spec.ts'],
    target: { judge: 'f4-buffering.ts' },
  },
  {
    id: 'F5',
    title: 'Native reconnection follows retry:',
    spike:
      '« EventSource tente de se reconnecter automatiquement … ~3 secondes. Le serveur peut surcharger ce délai via retry: »',
    claim: "A native EventSource's reconnection delay after a cut follows the retry: the server sent.",
    specs: ['f5-native-retry.spec.ts'],
    target: { judge: 'f5-retry.ts' },
  },
  {
    id: 'F6',
    title: 'Heartbeat as a named event',
    spike: '« Heartbeat toutes les 30 secondes pour garder la connexion vivante »',
    claim:
      "Heartbeats are a named event (a comment is invisible to EventSource) at the configured cadence, and keep a quiet stream through a proxy's idle timeout; a slower one is cut.",
    specs: ['f6-heartbeat.spec.ts'],
    target: { judge: 'f6-heartbeat.ts' },
  },
  {
    id: 'F7',
    title: 'Watchdog and controlled backoff',
    spike: '« Watchdog côté client (silence → recréer connexion) ; backoff contrôlé si reconnexion échoue en boucle »',
    claim:
      'While the backend is down attempts back off exponentially with jitter up to a cap, no tight loop; many tabs never reconnect in lock-step.',
    specs: ['f7-backoff.spec.ts'],
    target: { judge: 'f7-backoff.ts' },
  },
  {
    id: 'F8',
    title: 'At most 5 streams per IP',
    spike: '« Limite de 5 connexions SSE par IP (protection démo publique) »',
    claim:
      "The 6th stream from one IP gets 429 with Retry-After; the client's IP is read behind trusted proxies only, and a forged X-Forwarded-For does not get past it.",
    specs: ['f8-per-ip-limit.spec.ts'],
    target: { judge: 'f8-per-ip-limit.ts' },
  },
  {
    id: 'F9',
    title: 'PaaS cold start',
    spike: "« Comportement avec les cold starts Render (backend dort après 15 min d'inactivité) »",
    claim: 'A backend asleep or slow to its first byte: the client shows it, and connects when the backend wakes.',
    specs: ['f9-cold-start.spec.ts'],
    target: { judge: 'f9-cold-start.ts' },
  },
  {
    id: 'F10',
    title: 'Any proxy 5xx closes a native EventSource',
    spike: 'Not in the spike, which concluded the Vite problem had « aucun » impact in production: measured here.',
    claim: "A proxy's 502 during a restart moves a native EventSource to CLOSED for good; the lab client rebuilds it.",
    specs: ['f10-proxy-5xx.spec.ts'],
    target: { judge: 'f10-proxy-5xx.ts' },
  },
  {
    id: 'F11',
    title: 'Many tabs of one browser',
    spike: 'Not in the spike: 6 connections per origin over HTTP/1.1 meet the 5-per-IP decision.',
    claim:
      "Over HTTP/1.1 tabs past the engine's cap per origin, or past 5 per IP, never stream; one stream shared by every tab (a Web Locks leader and a BroadcastChannel), or HTTP/2 at the edge, serves them all.",
    specs: ['f11-many-tabs.spec.ts'],
    target: { judge: 'f11-many-tabs.ts' },
  },
  {
    id: 'F12',
    title: 'A reconnect lands on another replica',
    spike: 'Not in the spike, which ran one process: per-process ids and replay rings meet a load balancer.',
    claim:
      'With per-process logs a reconnect to another replica is reset and loses events; on a shared log (Redis Streams) any replica resumes any client.',
    specs: ['f12-replicas.spec.ts', 'f13-rolling-deploy.spec.ts'],
    needs: ['replicas'],
    target: { judge: 'f12-other-instance.ts' },
  },
  {
    id: 'F13',
    title: 'Rolling deploys',
    spike: 'Not in the spike: every zero-downtime deploy ends every stream and moves every client to a new process.',
    claim: 'A rolling deploy resets every tab on per-process logs; on the shared log, zero resets, gaps or duplicates.',
    specs: ['f13-rolling-deploy.spec.ts'],
    needs: ['replicas'],
    target: { judge: 'f13-rolling-deploy.ts' },
  },
  {
    id: 'F14',
    title: 'Engines differ',
    spike:
      'Not in the spike, which ran one browser: Chromium, Firefox and WebKit each implement EventSource, over different network stacks.',
    claim:
      'Per engine, the EventSource behaviours that differ (reconnection delays, retry: values honoured, errors that end a stream, connection caps) are recorded; the lab client is mitigated in each.',
    specs: ['f14-engines.spec.ts'],
    target: { judge: 'f14-engines.ts' },
  },
  {
    id: 'F15',
    title: 'The platform decides',
    spike:
      'Not in the spike; its "to validate in production" list names Render\'s cold starts. A PaaS proxy or load balancer cuts long responses by its own rules: an idle timeout, a first-byte deadline, a cap on the whole response whatever is sent.',
    claim:
      "Behind each platform's profile the dashboard's own settings are cut where its limits say; the recommended heartbeat and stream rotation go through with nothing lost.",
    specs: ['f15-platforms.spec.ts', 'f15-platform-sleep.spec.ts'],
    target: { platformRows: 'target-platform.spec.ts: make up TARGET=… PLATFORM=… puts the same edge in front of it' },
  },
] as const satisfies readonly FindingEntry[];

export type FindingId = (typeof FINDINGS)[number]['id'];

/** The findings' ids, in the report's order. */
export const FINDING_IDS = FINDINGS.map(({ id }) => id) as [FindingId, ...FindingId[]];

export const findingNamed = (id: FindingId): FindingEntry => FINDINGS.find((finding) => finding.id === id)!;

/** Every finding as the catalogue's type says it (its optional fields readable on each). */
export const FINDING_ENTRIES: readonly FindingEntry[] = FINDINGS;
