// From resolved connection settings to a ready XenClient: the transport, the password supplier, the redirect.
import type { Model } from '../model/index.js';
import { EXTENSIONS } from '../model/extensions/index.js';
import { passwordSupplier, type Prompter } from '../config/password.js';
import { describeConnection, type ResolvedConnection } from '../config/resolve.js';
import type { ParsedUrl } from '../config/url.js';
import { openTransport, type LocalServer, type OpenOptions } from '../transport/open.js';
import type { Transport } from '../transport/types.js';
import { XenClient } from './client.js';
import { masterUrl } from './redirect.js';
import type { DebugSink } from './debug.js';

export interface OpenClientDeps {
  readonly model: Model;
  /** Asks for a password on a TTY (the CLI implements it with inquirer). */
  readonly prompter?: Prompter;
  /** stdin and stderr are terminals: prompting is allowed. */
  readonly isTTY: boolean;
  readonly debug?: DebugSink;
  readonly signal?: AbortSignal;
  /** Starts the embedded server for `local:`. */
  readonly openLocal?: (dir: string) => Promise<LocalServer>;
  /** ssh, TLS-pinning and stdio settings for the transport (env, known_tls, --identity, prompts, warnings). */
  readonly transport?: Omit<OpenOptions, 'ca' | 'insecure' | 'openLocal'>;
}

/** HOST_IS_SLAVE names the master's address: same scheme, that host (and port, when named). Only for http(s). */
export function redirectTo(url: ParsedUrl, open: OpenOptions): ((address: string) => Promise<Transport>) | undefined {
  if (url.kind !== 'http' && url.kind !== 'https') return undefined;
  return (address) => openTransport(masterUrl(url, address), open);
}

/**
 * The embedded server is built from this model: its methods are the model's messages that are not removed. An
 * extension message is answered from the declarations, without building its class (host is a big one).
 */
export function modelMethod(model: Model): (name: string) => boolean {
  return (name) => {
    const dot = name.indexOf('.');
    const clsName = name.slice(0, dot);
    const msg = name.slice(dot + 1);
    if (dot < 0 || !model.classes.has(clsName)) return false;
    if (EXTENSIONS.some((x) => x.messages.some((m) => m.cls === clsName && m.name === msg))) return model.extensions;
    return model.classes.get(clsName)?.messages.some((m) => m.name === msg && m.lifecycle !== 'removed') === true;
  };
}

export async function openClient(conn: ResolvedConnection, deps: OpenClientDeps): Promise<XenClient> {
  const open: OpenOptions = {
    ...deps.transport,
    ...(conn.ca === undefined ? {} : { ca: conn.ca }),
    ...(conn.insecure ? { insecure: true } : {}),
    ...(deps.openLocal === undefined ? {} : { openLocal: deps.openLocal }),
  };
  const transport = await openTransport(conn.url, open);
  const password = passwordSupplier(
    { delegated: conn.delegated || transport.delegated, who: describeConnection(conn), ...(conn.passwordFile === undefined ? {} : { passwordFile: conn.passwordFile }) },
    { isTTY: deps.isTTY, ...(deps.prompter === undefined ? {} : { prompter: deps.prompter }) },
  );
  const redirect = redirectTo(conn.url, open);
  return new XenClient({
    transport,
    model: deps.model,
    protocol: conn.protocol,
    user: conn.user,
    password,
    ...(redirect === undefined ? {} : { redirect }),
    ...(conn.url.kind === 'local' ? { knownMethod: modelMethod(deps.model) } : {}),
    ...(deps.debug === undefined ? {} : { debug: deps.debug }),
    ...(deps.signal === undefined ? {} : { signal: deps.signal }),
  });
}
