import { describe, expect, it } from 'vitest';
import { connectionsOnPort } from './app-sockets';

// Port 3000 is 0BB8; the rows are as the kernel prints them (trailing columns cut).
const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1
   1: 0200120A:0BB8 0300120A:A1B2 01 00000000:00000000 00:00000000 00000000  1000        0 2
   2: 0200120A:0BB8 0300120A:A1B4 08 00000000:00000000 00:00000000 00000000  1000        0 3
   3: 0200120A:0BB8 0300120A:A1B6 06 00000000:00000000 00:00000000 00000000  1000        0 0
   4: 0200120A:D431 0400120A:0BB8 01 00000000:00000000 00:00000000 00000000  1000        0 4
`;

describe('connectionsOnPort', () => {
  it('counts established and close-wait connections on the local port, not the listener, TIME_WAIT or outgoing ones', () => {
    expect(connectionsOnPort(TABLE, 3000)).toBe(2);
  });

  it('counts nothing on another port or in an empty table', () => {
    expect(connectionsOnPort(TABLE, 8080)).toBe(0);
    expect(connectionsOnPort('', 3000)).toBe(0);
  });
});
