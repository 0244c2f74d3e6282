export { readEnvFile } from './env-file';
export { freePort } from './free-port';
export { startRedis, type RedisServer } from './redis-server';
export { startToxiproxy, toxiproxyBinary, type ToxiproxyServer } from './toxiproxy-server';
export {
  DEFAULT_ADMIN_TIMEOUT_MS,
  isUnresponsive,
  ToxiproxyAdmin,
  ToxiproxyError,
  ToxiproxyTimeoutError,
  type ProxySpec,
  type ProxyState,
  type ToxicSpec,
  type ToxicState,
  type ToxicStream,
  type ToxiproxyAdminOptions,
} from './toxiproxy-admin';
export { startTcpServer, writeEvery, type TcpServer } from './tcp-server';
export { waitUntil } from './wait-until';
