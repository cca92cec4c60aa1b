// host.get_servertime: the host's clock now, in UTC (tools use it to measure clock skew against their own).
import type { Handler } from '../context.js';
import { record } from '../sim/links.js';
import { str } from '../sim/values.js';

export function hostTimeHandlers(): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([['host.get_servertime', (call, [host]) => {
    record(call.server, 'host', str(host));
    return call.server.clock.now();
  }]]);
}
