/** Where a run's time went: per project (an engine, or an engine on another transport) and per test. */
export interface TestDuration {
  project: string;
  file: string;
  title: string;
  ms: number;
}

/** One spec file's time, in every project together and in each (in the order the projects ran). */
export interface SpecDuration {
  file: string;
  ms: number;
  projects: { project: string; ms: number }[];
}

export interface DurationSummary {
  totalMs: number;
  projects: { project: string; tests: number; ms: number }[];
  specs: SpecDuration[];
  slowest: TestDuration[];
}

/** Totals per project in the order the projects ran, the `top` costliest spec files and the `top` slowest tests. */
export function summariseDurations(durations: TestDuration[], top = 10): DurationSummary {
  const projects = new Map<string, { project: string; tests: number; ms: number }>();
  const specs = new Map<string, Map<string, number>>();
  for (const { project, file, ms } of durations) {
    const entry = projects.get(project) ?? { project, tests: 0, ms: 0 };
    entry.tests++;
    entry.ms += ms;
    projects.set(project, entry);
    const spec = specs.get(file) ?? new Map<string, number>();
    spec.set(project, (spec.get(project) ?? 0) + ms);
    specs.set(file, spec);
  }
  const projectOrder = [...projects.keys()];
  return {
    totalMs: durations.reduce((sum, { ms }) => sum + ms, 0),
    projects: [...projects.values()],
    specs: [...specs.entries()]
      .map(([file, byProject]) => ({
        file,
        ms: [...byProject.values()].reduce((sum, ms) => sum + ms, 0),
        projects: projectOrder
          .filter((project) => byProject.has(project))
          .map((project) => ({
            project,
            ms: byProject.get(project)!,
          })),
      }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
    slowest: [...durations].sort((a, b) => b.ms - a.ms).slice(0, top),
  };
}

const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;

/** The lines `make e2e` prints at its end. */
export function formatDurations({ totalMs, projects, specs, slowest }: DurationSummary): string {
  const width = Math.max(...projects.map(({ project }) => project.length), 7);
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1).padStart(6)} s`;
  return [
    `time in tests: ${minutes(totalMs)}`,
    ...projects.map(
      ({ project, tests, ms }) => `  ${project.padEnd(width)}  ${String(tests).padStart(3)} tests  ${minutes(ms)}`,
    ),
    'costliest specs:',
    ...specs.map(
      ({ file, ms, projects: each }) =>
        `  ${seconds(ms)}  ${file} (${each.map(({ project, ms }) => `${project} ${(ms / 1000).toFixed(0)} s`).join(', ')})`,
    ),
    'slowest tests:',
    ...slowest.map(({ project, file, title, ms }) => `  ${seconds(ms)}  [${project}] ${file} › ${title}`),
  ].join('\n');
}
