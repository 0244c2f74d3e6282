/** An error the API answers with `{"error": message, "status": status}`, as Toxiproxy does. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export const ERRORS = {
  proxyNotFound: () => new ApiError('proxy not found', 404),
  proxyExists: () => new ApiError('proxy already exists', 409),
  toxicNotFound: () => new ApiError('toxic not found', 404),
  toxicExists: () => new ApiError('toxic already exists', 409),
  invalidStream: () => new ApiError('stream was invalid, can be either upstream or downstream', 400),
  invalidToxicType: () => new ApiError('invalid toxic type', 400),
  missingField: (field: string, suffix = '') => new ApiError(`missing required field: ${field}${suffix}`, 400),
  badBody: (detail: string) => new ApiError(`bad request body: ${detail}`, 400),
};
