import type { ExplainedReset, Violation } from './checker';
import type { ClientHistory } from './client-history';
import type { AppliedFault } from './fault-runner';
import { countByName } from './schedule';
import { heapGrowth, HEAP_GROWTH_BOUND_MB, type AppSample } from './server-gauges';
import type { SoakSettings } from './soak-settings';

/** `e2e/report/soak.json`: everything a reader needs to judge the run, and to replay it. */
export interface SoakReport {
  status: 'passed' | 'failed';
  seed: number;
  topology: string;
  durationS: number;
  command: string;
  startedAt: string;
  /** Where the checker read what the server side accepted. */
  logSource: string;
  faults: {
    scheduled: number;
    applied: number;
    failed: number;
    byKind: Record<string, number>;
    toxiproxyRestarts: number;
  };
  clients: Record<string, number>;
  eventsChecked: number;
  resets: (ExplainedReset & { causes: string[] })[];
  /** Connections given up at a gap in the ids (bytes lost on the way) and resumed before it, per client kind. */
  gapResumes: Record<string, number>;
  /** Longest time without an open stream, per client kind, over the fault phase and the recovery. */
  longestWithoutStreamMs: Record<string, number>;
  recovery: { allOpenAfterMs: number | null; boundMs: number };
  memory: { boundMb: number; largestGrowthMb: number; boots: ReturnType<typeof heapGrowth> };
  violations: Violation[];
  timeline: {
    from: number;
    to: number;
    faults: { label: string; lane: string; from: number; to: number }[];
    clients: { name: string; kind: string; down: { from: number; to: number }[]; resets: number[] }[];
  };
}

/** Faults active at some point of the `windowMs` before `at`: the likely causes of what happened then. */
export function faultsAround(faults: readonly AppliedFault[], at: number, windowMs = 15_000): AppliedFault[] {
  return faults.filter(
    (fault) => fault.appliedAt !== undefined && fault.appliedAt <= at && (fault.clearedAt ?? Infinity) >= at - windowMs,
  );
}

export const faultLabel = (fault: AppliedFault): string =>
  `${fault.name}${fault.target ? ` on ${fault.target}` : fault.service ? ` on ${fault.service}` : ''}`;

export interface ReportInput {
  settings: SoakSettings;
  command: string;
  logSource: string;
  startedAt: number;
  faultPhase: { from: number; to: number };
  endedAt: number;
  scheduled: number;
  faults: AppliedFault[];
  toxiproxyRestarts: number;
  histories: ClientHistory[];
  explained: ExplainedReset[];
  eventsChecked: number;
  allOpenAfterMs: number | null;
  recoveryBoundMs: number;
  samples: AppSample[];
  violations: Violation[];
}

export function buildSoakReport(input: ReportInput): SoakReport {
  const applied = input.faults.filter((fault) => fault.appliedAt !== undefined);
  const longest: Record<string, number> = {};
  for (const history of input.histories) {
    const { ms } = history.longestWithoutStream(input.faultPhase.from, input.endedAt);
    longest[history.kind] = Math.max(longest[history.kind] ?? 0, ms);
  }
  const clients: Record<string, number> = {};
  const gapResumes: Record<string, number> = {};
  for (const history of input.histories) {
    clients[history.kind] = (clients[history.kind] ?? 0) + 1;
    gapResumes[history.kind] = (gapResumes[history.kind] ?? 0) + history.gapResumes;
  }
  const boots = heapGrowth(input.samples);
  return {
    status: input.violations.length === 0 ? 'passed' : 'failed',
    seed: input.settings.seed,
    topology: input.settings.topology,
    durationS: input.settings.durationS,
    command: input.command,
    startedAt: new Date(input.startedAt).toISOString(),
    logSource: input.logSource,
    faults: {
      scheduled: input.scheduled,
      applied: applied.length,
      failed: input.faults.filter((fault) => fault.error).length,
      byKind: countByName(applied),
      toxiproxyRestarts: input.toxiproxyRestarts,
    },
    clients,
    eventsChecked: input.eventsChecked,
    resets: input.explained.map((reset) => ({
      ...reset,
      causes: [...new Set(faultsAround(applied, reset.at).map(faultLabel))],
    })),
    gapResumes,
    longestWithoutStreamMs: longest,
    recovery: { allOpenAfterMs: input.allOpenAfterMs, boundMs: input.recoveryBoundMs },
    memory: {
      boundMb: HEAP_GROWTH_BOUND_MB,
      largestGrowthMb: Math.max(0, ...boots.map((boot) => boot.growthMb)),
      boots,
    },
    violations: input.violations,
    timeline: {
      from: input.faultPhase.from,
      to: input.endedAt,
      faults: applied.map((fault) => ({
        label: `#${fault.index} ${faultLabel(fault)}`,
        lane: fault.target ?? fault.service ?? 'containers',
        from: fault.appliedAt!,
        to: fault.clearedAt ?? input.endedAt,
      })),
      clients: input.histories.map((history) => ({
        name: history.name,
        kind: history.kind,
        down: history.spansWithoutStream(input.faultPhase.from, input.endedAt),
        resets: history.resets.map((reset) => reset.at),
      })),
    },
  };
}

/** The figures, as the terminal prints them at the end of a run. */
export function figureLines(report: SoakReport): string[] {
  const kinds = Object.entries(report.faults.byKind)
    .sort(([, a], [, b]) => b - a)
    .map(([name, count]) => `${name} ${count}`);
  const resetsBy = new Map<string, number>();
  for (const reset of report.resets) resetsBy.set(reset.reason, (resetsBy.get(reset.reason) ?? 0) + 1);
  return [
    `faults applied: ${report.faults.applied} of ${report.faults.scheduled} drawn (${kinds.join(', ')}); Toxiproxy restarted ${report.faults.toxiproxyRestarts} time(s)`,
    `clients: ${Object.entries(report.clients)
      .map(([kind, count]) => `${count} ${kind}`)
      .join(', ')}`,
    `events checked: ${report.eventsChecked}`,
    `resets: ${report.resets.length}${report.resets.length ? ` (${[...resetsBy].map(([reason, count]) => `${reason} ${count}`).join(', ')})` : ''}`,
    `resumed at a gap in the ids (bytes lost on the way): ${Object.values(report.gapResumes).reduce((sum, n) => sum + n, 0)} (${Object.entries(
      report.gapResumes,
    )
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', ')})`,
    `longest without a stream: ${Object.entries(report.longestWithoutStreamMs)
      .map(([kind, ms]) => `${kind} ${(ms / 1000).toFixed(1)} s`)
      .join(', ')}`,
    `every client open ${report.recovery.allOpenAfterMs === null ? 'NOT within' : `${(report.recovery.allOpenAfterMs / 1000).toFixed(1)} s after the last fault cleared (bound`} ${(report.recovery.boundMs / 1000).toFixed(1)} s${report.recovery.allOpenAfterMs === null ? '' : ')'}`,
    `heap growth per boot: at most ${report.memory.largestGrowthMb} MB (bound ${report.memory.boundMb} MB)`,
    `violations: ${report.violations.length}`,
  ];
}
