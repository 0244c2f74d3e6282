import type { FindingId } from './findings';

/** Each finding's title, and the spike's own words where it had some (its write-up is in French). */
export const FINDING_TEXTS: Record<FindingId, { title: string; spike: string }> = {
  F1: {
    title: 'An open but silent connection',
    spike: '« Reconnexion non fiable : connexion reste "ouverte" mais silencieuse (proxy / réseau) »',
  },
  F2: {
    title: 'Server streams leak when clients leave',
    spike: '« Fuite de ressources côté serveur : stream non arrêté quand le client ferme la connexion »',
  },
  F3: {
    title: 'The Vite dev proxy keeps a dead stream open',
    spike: '« Le proxy "absorbe" la connexion et ne la relâche pas proprement après une coupure »',
  },
  F4: {
    title: 'Proxy buffering hides events',
    spike: '« Comportement dev ≠ prod : proxy Vite, buffering, cold starts PaaS »',
  },
  F5: {
    title: 'Native reconnection follows retry:',
    spike:
      '« EventSource tente de se reconnecter automatiquement … ~3 secondes. Le serveur peut surcharger ce délai via retry: »',
  },
  F6: {
    title: 'Heartbeat as a named event',
    spike: '« Heartbeat toutes les 30 secondes pour garder la connexion vivante »',
  },
  F7: {
    title: 'Watchdog and controlled backoff',
    spike: '« Watchdog côté client (silence → recréer connexion) ; backoff contrôlé si reconnexion échoue en boucle »',
  },
  F8: { title: 'At most 5 streams per IP', spike: '« Limite de 5 connexions SSE par IP (protection démo publique) »' },
  F9: {
    title: 'PaaS cold start',
    spike: "« Comportement avec les cold starts Render (backend dort après 15 min d'inactivité) »",
  },
  F10: {
    title: 'Any proxy 5xx closes a native EventSource',
    spike: 'Not in the spike, which concluded the Vite problem had « aucun » impact in production: measured here.',
  },
  F11: {
    title: 'Many tabs of one browser',
    spike: 'Not in the spike: 6 connections per origin over HTTP/1.1 meet the 5-per-IP decision.',
  },
  F12: {
    title: 'A reconnect lands on another replica',
    spike: 'Not in the spike, which ran one process: per-process ids and replay rings meet a load balancer.',
  },
  F13: {
    title: 'Rolling deploys',
    spike: 'Not in the spike: every zero-downtime deploy ends every stream and moves every client to a new process.',
  },
  F14: {
    title: 'Engines differ',
    spike:
      'Not in the spike, which ran one browser: Chromium, Firefox and WebKit each implement EventSource, over different network stacks.',
  },
  F15: {
    title: 'The platform decides',
    spike:
      'Not in the spike; its "to validate in production" list names Render\'s cold starts. A PaaS proxy or load balancer cuts long responses by its own rules: an idle timeout, a first-byte deadline, a cap on the whole response whatever is sent.',
  },
};
