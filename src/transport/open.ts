// Opens the transport a parsed URL names.
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../config/errors.js';
import type { ParsedUrl } from '../config/url.js';
import { formatUrl } from '../config/url.js';
import { systemTrust } from './ca.js';
import { TransportError } from './errors.js';
import { httpTransport } from './http.js';
import { localTransport, type LocalRpcHandler } from './local.js';
import type { Transport } from './types.js';
import { unixTransport } from './unix.js';

/** The embedded server for `local:DIR`, built by the CLI (which may import src/server; this layer may not). */
export interface LocalServer {
  readonly handler: LocalRpcHandler;
  close?(): Promise<void>;
}

export interface OpenOptions {
  /** Path of a PEM file of CA certificates (`--ca FILE`) for https: trusted instead of the system's CAs. */
  readonly ca?: string;
  /** `--insecure`: no certificate verification for https. */
  readonly insecure?: boolean;
  /** Starts the embedded server on a state directory; needed for `local:`. */
  readonly openLocal?: (dir: string) => Promise<LocalServer>;
}

async function readCa(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    throw new ConfigError(`cannot read CA file ${path}: ${code === 'ENOENT' ? 'no such file' : err instanceof Error ? err.message : String(err)}`);
  }
}

export async function openTransport(url: ParsedUrl, opts: OpenOptions = {}): Promise<Transport> {
  switch (url.kind) {
    case 'http':
      return httpTransport('http', url.host, url.port);
    case 'https': {
      const ca = opts.ca === undefined ? await systemTrust() : await readCa(opts.ca);
      return httpTransport('https', url.host, url.port, {
        ...(ca === undefined ? {} : { ca }),
        ...(opts.insecure === true ? { insecure: true } : {}),
      });
    }
    case 'unix':
      return unixTransport(url.path);
    case 'local': {
      const target = formatUrl(url);
      if (url.dir === undefined) throw new ConfigError('local: needs a state directory (resolveConnection fills in the default)');
      if (opts.openLocal === undefined) throw new TransportError('UNSUPPORTED', target, `${target}: no embedded server available here`);
      const server = await opts.openLocal(url.dir);
      const close = server.close?.bind(server);
      return localTransport(server.handler, { target, ...(close === undefined ? {} : { close }) });
    }
    case 'ssh':
    case 'stdio': {
      const target = formatUrl(url);
      throw new TransportError('UNSUPPORTED', target, `${target}: ${url.kind} connections are not yet supported by this build of xenctl`);
    }
  }
}
