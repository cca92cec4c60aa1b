// Where HOST_IS_SLAVE sends the client. xapi names the master by its bare address (an IP or host name) and every
// xapi listens on the same ports, so the client keeps its scheme and port and changes the host. A supporter that
// is not on the master's port (`xenctl serve --supporter-of http://127.0.0.1:8080` listening on 127.0.0.1:8081)
// names `HOST:PORT` (`[V6]:PORT` for IPv6) instead, and the client takes that port too.
import { ConfigError, withHost, type ParsedUrl } from '../config/url.js';

export interface MasterAddress {
  readonly host: string;
  /** Absent: the port the client already uses. */
  readonly port?: number;
}

function portOf(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** `HOST`, `HOST:PORT`, `[V6]`, `[V6]:PORT`, or a bare IPv6 address. */
export function parseMasterAddress(address: string): MasterAddress {
  const text = address.trim();
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close > 1) {
      const rest = text.slice(close + 1);
      const port = rest.startsWith(':') ? portOf(rest.slice(1)) : undefined;
      if (rest === '') return { host: text.slice(1, close) };
      if (port !== undefined) return { host: text.slice(1, close), port };
    }
    throw new ConfigError(`HOST_IS_SLAVE named an unusable master address "${address}"`);
  }
  const colon = text.indexOf(':');
  // One colon: HOST:PORT. More: a bare IPv6 address.
  if (colon > 0 && colon === text.lastIndexOf(':')) {
    const port = portOf(text.slice(colon + 1));
    if (port === undefined) throw new ConfigError(`HOST_IS_SLAVE named an unusable master address "${address}"`);
    return { host: text.slice(0, colon), port };
  }
  if (text === '' || /[\s/@]/.test(text)) throw new ConfigError(`HOST_IS_SLAVE named an unusable master address "${address}"`);
  return { host: text };
}

/** The connection URL of the master: the client's scheme, the named host, the named port or the client's own. */
export function masterUrl(url: ParsedUrl, address: string): ParsedUrl {
  const { host, port } = parseMasterAddress(address);
  const moved = withHost(url, host);
  if (port === undefined || (moved.kind !== 'http' && moved.kind !== 'https')) return moved;
  return { ...moved, port, explicitPort: true };
}
