import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Runs `middleware` for every request but those to `path` (query strings aside). For a middleware
 * that wraps the response per request, such as compression: an event stream keeps its response
 * for as long as it is open, so what is wrapped and never used is held for every stream.
 */
export const exceptPath =
  (path: string, middleware: RequestHandler): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) =>
    req.path === path ? next() : middleware(req, res, next);
