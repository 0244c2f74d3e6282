import { SERVER_KINDS, type ServerKind } from './server-process';

export interface HarnessArgs {
  label: string;
  streams: number;
  server: ServerKind;
}

/** `LABEL [STREAMS] [SERVER]`, checked: a bad one stops the harness with a message naming it and the usage. */
export function harnessArgs(script: string, argv: string[]): HarnessArgs {
  const usage = `usage: npx tsx bench/src/${script} LABEL [STREAMS] [SERVER]  (STREAMS defaults to 5000, SERVER to nestjs; SERVER is one of ${SERVER_KINDS.join(', ')})`;
  const [label = 'current', streamsArg = '5000', server = 'nestjs'] = argv;
  const streams = Number(streamsArg);
  if (!/^[\w.-]+$/.test(label))
    throw new Error(`LABEL must be letters, digits, ".", "-" or "_" (it names a file), got "${label}"\n${usage}`);
  if (!Number.isInteger(streams) || streams < 1)
    throw new Error(`STREAMS must be a positive integer, got "${streamsArg}"\n${usage}`);
  if (!(SERVER_KINDS as readonly string[]).includes(server))
    throw new Error(`SERVER must be one of ${SERVER_KINDS.join(', ')}, got "${server}"\n${usage}`);
  return { label, streams, server: server as ServerKind };
}
