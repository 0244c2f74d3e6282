import type { DynamicModule } from '@nestjs/common';
import { ServeStaticModule } from '@nestjs/serve-static';
import type { Express, Request, Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const DASHBOARD_MISSING =
  'SSE Parity Lab backend is running, but the dashboard is not built.\n' +
  'Build it with "npm run build -w frontend" (or set STATIC_DIR), then reload.\n' +
  'The API is live: /api/stream, /api/snapshot, /api/health, /api/metrics.\n';

export function hasDashboard(staticDir: string): boolean {
  return existsSync(join(staticDir, 'index.html'));
}

/** Serves the built SPA at `/` with history fallback; `/api` stays with the controllers. */
export function dashboardModules(staticDir: string): DynamicModule[] {
  if (!hasDashboard(staticDir)) return [];
  return [ServeStaticModule.forRoot({ rootPath: staticDir, exclude: ['/api/{*path}'] })];
}

/** Without a build, `/` explains what to do instead of answering a bare 404. */
export function explainMissingDashboard(express: Express): void {
  express.get('/', (_req: Request, res: Response) => {
    res.type('text/plain').send(DASHBOARD_MISSING);
  });
}
