import https from 'node:https';
import { join } from 'node:path';
import { expect, test } from './engine-fixtures';
import { imagesEnv, PLATFORM_TARGET_PORTS, REPO_ROOT } from './lab-settings';
import { platformNamed } from './platforms';
import { describePlatformEdge, writePlatformConfig } from './platforms/platform-edge';
import { suiteTimeScale } from './support/platform-run';
import { loadTarget } from './target/target-file';
import { startTarget, stopTarget } from './target/target-lifecycle';
import { describeTargetStack } from './target/target-stack';

/** How late a platform's cut may come past its limit on a loaded machine. */
const CUT_SLACK_MS = 3_000;

/** How long a stream lived, read raw through the edge, from the request to its end. */
function streamLifetime(url: string, timeoutMs: number): Promise<{ ms: number; bytes: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const request = https.get(url, (response) => {
      if (response.statusCode !== 200) reject(new Error(`${url}: ${response.statusCode}`));
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('close', () => resolve({ ms: Date.now() - started, bytes }));
    });
    request.on('error', () => resolve({ ms: Date.now() - started, bytes }));
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`${url}: still open after ${timeoutMs} ms`)));
  });
}

test.describe('target mode behind a platform', () => {
  test("target @target @platform: a team's app behind a platform's edge (make up TARGET=… PLATFORM=gcp-lb): its stream is cut at the scaled cap, as the demo's is", async () => {
    test.setTimeout(300_000);
    const profile = platformNamed('gcp-lb');
    const scale = suiteTimeScale(profile);
    // The example with no build step: the quickest to bring up.
    const target = {
      ...loadTarget(join(REPO_ROOT, 'examples/plain-node/target.json')),
      name: 'plain-node-behind-platform',
    };
    const images = imagesEnv();
    const platform = describePlatformEdge(
      { platform: profile.name, timeScale: String(scale) },
      join(REPO_ROOT, '.lab', 'targets', target.name, 'platform'),
      { caddy: images.CADDY_IMAGE, nginx: images.NGINX_IMAGE, node: images.NODE_IMAGE },
      `app-back:${target.port}`,
    );
    writePlatformConfig(platform);
    const stack = describeTargetStack(target, { ports: PLATFORM_TARGET_PORTS, platform });
    await startTarget(stack, { startTimeoutMs: 60_000 });
    try {
      const capMs = platform.limits.totalMs!;
      // The app sends events and heartbeats and never ends a stream itself: only the platform does.
      const { ms, bytes } = await streamLifetime(`${stack.urls.edge}${target.stream}`, capMs + 30_000);
      expect(bytes, 'the stream carried events through the platform first').toBeGreaterThan(0);
      expect(ms, `cut ${ms} ms after the request (cap ${capMs} ms)`).toBeGreaterThanOrEqual(0.9 * capMs);
      expect(ms).toBeLessThanOrEqual(capMs + CUT_SLACK_MS);
    } finally {
      await stopTarget(stack);
    }
  });
});
