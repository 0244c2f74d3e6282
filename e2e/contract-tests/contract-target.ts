/** Where the contract tests read: CONTRACT_URL (the API's base), the stream's path under it, and the per-address limit the server keeps. */
export interface ContractTarget {
  streamUrl: string;
  maxStreamsPerIp: number;
}

export function contractTarget(env: Record<string, string | undefined>): ContractTarget {
  const raw = env.CONTRACT_URL;
  if (!raw)
    throw new Error('CONTRACT_URL: required, the API base of a running server (e.g. http://127.0.0.1:3000/api)');
  let base: URL;
  try {
    base = new URL(raw);
  } catch {
    throw new Error(`CONTRACT_URL="${raw}": not a URL (e.g. http://127.0.0.1:3000/api)`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new Error(`CONTRACT_URL="${raw}": expected http or https`);
  const limit = env.CONTRACT_MAX_STREAMS_PER_IP ?? '5';
  const maxStreamsPerIp = Number(limit);
  if (!Number.isInteger(maxStreamsPerIp) || maxStreamsPerIp < 1 || maxStreamsPerIp > 50)
    throw new Error(`CONTRACT_MAX_STREAMS_PER_IP="${limit}": expected the server's per-address limit, 1 to 50`);
  const path = env.CONTRACT_STREAM_PATH ?? 'stream';
  if (!/^[A-Za-z0-9._~/-]+$/.test(path) || path.startsWith('/'))
    throw new Error(
      `CONTRACT_STREAM_PATH="${path}": expected a path under CONTRACT_URL, without a leading "/" (e.g. stream)`,
    );
  return { streamUrl: `${base.toString().replace(/\/$/, '')}/${path}`, maxStreamsPerIp };
}

/**
 * The variables that point the contract tests at a target's app, read without a proxy in between:
 * its stream path split into the API base and the path under it, and the limit its `env` sets.
 */
export function contractEnvFor(
  appUrl: string,
  streamPath: string,
  targetEnv: Record<string, string>,
): Record<string, string> {
  const cut = streamPath.lastIndexOf('/');
  return {
    CONTRACT_URL: `${appUrl}${streamPath.slice(0, cut)}`,
    CONTRACT_STREAM_PATH: streamPath.slice(cut + 1),
    CONTRACT_MAX_STREAMS_PER_IP: targetEnv.MAX_STREAMS_PER_IP ?? '5',
  };
}
