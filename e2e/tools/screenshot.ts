import { writeFileSync } from 'node:fs';
import { launchEngine, selectedEngines } from '../engines';

/**
 * Saves a screenshot of a page once it shows live data, in one engine (the suite's, same flags):
 * `npx tsx e2e/tools/screenshot.ts URL FILE [--engine chromium|firefox|webkit]`.
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--engine');
  const [name] = selectedEngines(at === -1 ? 'chromium' : args[at + 1]);
  const [url = 'http://127.0.0.1:8080/', file = 'dashboard.png'] = args.filter(
    (_, i) => at === -1 || (i !== at && i !== at + 1),
  );
  const engine = await launchEngine(name);
  try {
    const profile = await engine.newProfile();
    const tab = await profile.newTab();
    await tab.goto(url);
    await tab.waitFor(
      () =>
        ((window as unknown as { __sseLab?: { counters: { events: number } } }).__sseLab?.counters.events ?? 0) >= 5,
      undefined,
      30_000,
    );
    writeFileSync(file, await tab.screenshot());
    console.log(`saved ${file} (${engine.description})`);
  } finally {
    await engine.close();
  }
}

main().catch((error: Error) => {
  console.error(`screenshot: ${error.message}`);
  process.exit(1);
});
