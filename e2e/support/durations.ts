/** Where a run's time went: per project (an engine, or an engine on another transport) and per test. */
export interface TestDuration {
  project: string;
  file: string;
  title: string;
  ms: number;
}

export interface DurationSummary {
  totalMs: number;
  projects: { project: string; tests: number; ms: number }[];
  slowest: TestDuration[];
}

/** Totals per project in the order the projects ran, and the `top` slowest tests. */
export function summariseDurations(durations: TestDuration[], top = 10): DurationSummary {
  const projects = new Map<string, { project: string; tests: number; ms: number }>();
  for (const { project, ms } of durations) {
    const entry = projects.get(project) ?? { project, tests: 0, ms: 0 };
    entry.tests++;
    entry.ms += ms;
    projects.set(project, entry);
  }
  return {
    totalMs: durations.reduce((sum, { ms }) => sum + ms, 0),
    projects: [...projects.values()],
    slowest: [...durations].sort((a, b) => b.ms - a.ms).slice(0, top),
  };
}

const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/** The lines `make e2e` prints at its end. */
export function formatDurations({ totalMs, projects, slowest }: DurationSummary): string {
  const width = Math.max(...projects.map(({ project }) => project.length), 7);
  return [
    `time in tests: ${minutes(totalMs)}`,
    ...projects.map(
      ({ project, tests, ms }) => `  ${project.padEnd(width)}  ${String(tests).padStart(3)} tests  ${minutes(ms)}`,
    ),
    'slowest tests:',
    ...slowest.map(
      ({ project, file, title, ms }) => `  ${(ms / 1000).toFixed(1).padStart(6)} s  [${project}] ${file} › ${title}`,
    ),
  ].join('\n');
}
