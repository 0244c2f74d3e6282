/**
 * Runs a command-line tool's `main`: what it throws becomes one line naming the tool, and exit 2
 * (a tool's own failure, as a contradiction found, exits 1 from inside `main`).
 */
export function runTool(name: string, main: () => void | Promise<void>): void {
  Promise.resolve()
    .then(main)
    .catch((error: Error) => {
      console.error(`${name}: ${error.message}`);
      process.exit(2);
    });
}
