// HTTP over a unix-domain socket (xapi's `/var/lib/xcp/xapi`, or `xenctl serve --unix`). Whoever can open the
// socket is trusted by the server, so the channel is delegated: no password is sent.
import http from 'node:http';
import { DEFAULT_CONNECT_TIMEOUT_MS, HttpRpcTransport } from './http.js';
import type { Transport } from './types.js';

export function unixTransport(socketPath: string): Transport {
  return new HttpRpcTransport({
    kind: 'unix',
    target: `unix:${socketPath}`,
    request: http.request,
    agent: new http.Agent({ keepAlive: true, scheduling: 'lifo' }),
    base: { socketPath, host: 'localhost' },
    delegated: true,
    connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS,
  });
}
