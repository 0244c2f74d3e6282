import { verdictsOf, type Verdict } from './verdict';

/** The lab's decision: at most this many streams per client IP. */
export const STREAMS_PER_IP = 5;

export interface PerIpObservation {
  /** Status of each of STREAMS_PER_IP + 1 streams opened from one IP and held together, in order. */
  statuses: number[];
  /** The last one's `Retry-After`, if it was refused. */
  retryAfter?: string;
  /** With STREAMS_PER_IP held, a further stream sent with a forged `X-Forwarded-For` from the same IP. */
  forgedStatus?: number;
  /** How many instances stand behind the load balancer (`replicas`): each may count only its own streams. */
  instances?: number;
}

const REFUSED = new Set([429, 503]);

/** F8: does the app cap streams per IP, and does a forged `X-Forwarded-For` get past the cap? */
export function judgePerIpLimit({ statuses, retryAfter, forgedStatus, instances = 1 }: PerIpObservation): Verdict {
  const verdict = verdictsOf('F8', 'prod');
  const measured = {
    statuses: statuses.join(' '),
    ...(retryAfter !== undefined ? { retryAfter } : {}),
    ...(forgedStatus !== undefined ? { forgedStatus } : {}),
    ...(instances > 1 ? { instances } : {}),
  };
  const held = statuses.slice(0, STREAMS_PER_IP);
  if (held.length < STREAMS_PER_IP || held.some((status) => status !== 200)) {
    return verdict.inconclusive(
      `the first ${STREAMS_PER_IP} streams from one IP were not all answered 200 (${held.join(' ')}): the limit cannot be told from another refusal`,
      measured,
    );
  }
  const extra = statuses[STREAMS_PER_IP];
  if (extra === 200 && instances > 1) {
    return verdict.reproduced({
      why: `stream ${STREAMS_PER_IP + 1} from one IP was answered 200 behind a load balancer over ${instances} instances: a limit each instance counts alone lets one client hold up to ${instances} times as many`,
      advice: `count streams per IP where every instance sees the count (a shared store such as Redis, or the load balancer), and refuse stream ${STREAMS_PER_IP + 1} with 429 and \`Retry-After\``,
      measured,
    });
  }
  if (extra === 200) {
    return verdict.reproduced({
      why: `stream ${STREAMS_PER_IP + 1} from one IP was answered 200: nothing stops one client holding every connection`,
      advice: `refuse stream ${STREAMS_PER_IP + 1} from one IP with 429 and \`Retry-After\``,
      measured,
    });
  }
  if (extra === undefined || !REFUSED.has(extra)) {
    return verdict.inconclusive(`stream ${STREAMS_PER_IP + 1} from one IP got ${extra ?? 'no answer'}`, measured);
  }
  if (forgedStatus === 200) {
    return verdict.reproduced({
      why: `stream ${STREAMS_PER_IP + 1} was refused ${extra}, but one sent with a forged \`X-Forwarded-For\` was answered 200: the limit trusts a header any client writes`,
      advice:
        "trust `X-Forwarded-For` only from your own proxies' addresses (e.g. Express `trust proxy` with their list)",
      measured,
    });
  }
  if (forgedStatus === undefined) {
    return verdict.inconclusive(
      `stream ${STREAMS_PER_IP + 1} was refused ${extra}, the forged one was not tried`,
      measured,
    );
  }
  return verdict.mitigated({
    why: `stream ${STREAMS_PER_IP + 1} from one IP was refused ${extra}${retryAfter ? ` with Retry-After ${retryAfter}` : ''}, and a forged \`X-Forwarded-For\` did not get past it (${forgedStatus})`,
    measured,
  });
}
