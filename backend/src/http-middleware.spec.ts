import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it, vi } from 'vitest';
import { exceptPath } from './http-middleware';

const request = (path: string) => ({ path }) as Request;

describe('exceptPath', () => {
  it('should pass a request to the excluded path straight on, whatever its query', () => {
    const middleware = vi.fn();
    const next = vi.fn() as NextFunction;
    // Express gives req.path without the query string.
    exceptPath('/api/stream', middleware)(request('/api/stream'), {} as Response, next);
    expect(middleware).not.toHaveBeenCalled();
    expect(next).toHaveBeenCalledOnce();
  });

  it('should run the middleware for every other path, sub-paths included', () => {
    const middleware = vi.fn();
    const next = vi.fn() as NextFunction;
    for (const path of ['/api/metrics', '/api/stream/other', '/'])
      exceptPath('/api/stream', middleware)(request(path), {} as Response, next);
    expect(middleware).toHaveBeenCalledTimes(3);
    expect(next).not.toHaveBeenCalled();
  });
});
