// The unix-socket front end (`xenctl serve --unix PATH`): HTTP as on TCP, but a delegated channel. The socket is
// made 0600, so whoever can connect is the server's owner (or root); ssh's stream-local forwarding reaches it too.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { access, chmod, lstat, mkdtemp, rename, rmdir, unlink } from 'node:fs/promises';
import { constants } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Channel } from './context.js';
import { closeGracefully, xapiRequestListener } from './http.js';
import type { HttpOptions } from './http.js';
import type { Xapi } from './xapi.js';

export interface UnixFrontEnd {
  /** `unix:PATH`. */
  readonly url: string;
  readonly path: string;
  close(graceMs?: number): Promise<void>;
}

export class UnixSocketError extends Error {
  override readonly name = 'UnixSocketError';
}

/** Does something answer on this socket? (A socket file left by a process that died does not.) */
function answers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(path);
    sock.once('connect', () => (sock.destroy(), resolve(true)));
    sock.once('error', () => resolve(false));
  });
}

/** Removes a stale socket file; refuses to touch a live socket or anything that is not a socket. */
async function clearStale(path: string): Promise<void> {
  let st;
  try {
    st = await lstat(path);
  } catch {
    return;
  }
  if (!st.isSocket()) throw new UnixSocketError(`${path} exists and is not a socket; refusing to replace it`);
  if (await answers(path)) throw new UnixSocketError(`${path} is in use by another server`);
  await unlink(path);
}

/**
 * One channel per connection, so calls with an empty session argument share one delegated session for the life
 * of the connection; its signal aborts when the connection closes (blocking event calls then return).
 */
function connectionChannels(user: string | undefined): (req: IncomingMessage, res: ServerResponse) => Channel {
  const channels = new WeakMap<Socket, Channel>();
  return (req) => {
    const socket = req.socket;
    const known = channels.get(socket);
    if (known !== undefined) return known;
    const gone = new AbortController();
    if (socket.destroyed) gone.abort();
    else socket.once('close', () => gone.abort());
    const channel: Channel = { kind: 'unix', peer: 'unix', signal: gone.signal, ...(user === undefined ? {} : { user }) };
    channels.set(socket, channel);
    return channel;
  };
}

export interface UnixOptions extends HttpOptions {
  /** The caller's name (default: the server's owner). */
  readonly user?: string;
}

function cannotCreate(path: string, e: unknown): UnixSocketError {
  const code = (e as { code?: unknown }).code;
  const why = code === 'ENOENT' ? 'no such directory' : code === 'EACCES' ? 'permission denied' : e instanceof Error ? e.message : String(e);
  return new UnixSocketError(`cannot create the socket ${path} in ${dirname(path)}: ${why}`);
}

/** Throws what listenUnix would throw about the path (in use, not a socket, no directory) before anything starts. */
export async function checkUnixPath(path: string): Promise<void> {
  await clearStale(path);
  await access(dirname(path), constants.W_OK | constants.X_OK).catch((e: unknown) => {
    throw cannotCreate(path, e);
  });
}

export async function listenUnix(xapi: Xapi, path: string, opts: UnixOptions = {}): Promise<UnixFrontEnd> {
  await clearStale(path);
  const server = createServer({ keepAlive: true }, xapiRequestListener(xapi, { ...opts, channel: connectionChannels(opts.user) }));
  server.keepAliveTimeout = opts.keepAliveMs ?? 60_000;
  // Bound inside a private 0700 directory, made 0600, then moved into place: never reachable with looser modes.
  const nest = await mkdtemp(join(dirname(path), '.xs-')).catch((e: unknown) => {
    throw cannotCreate(path, e);
  });
  const bound = join(nest, 's');
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(bound, () => {
        server.off('error', reject);
        resolve();
      });
    });
    await chmod(bound, 0o600);
    await rename(bound, path);
  } catch (e) {
    server.close();
    throw e;
  } finally {
    await rmdir(nest).catch(() => undefined);
  }
  let closing: Promise<void> | undefined;
  return {
    url: `unix:${path}`,
    path,
    close: (graceMs = 2000) => {
      // The socket was bound under another name, so it is ours to remove.
      closing ??= closeGracefully(server, graceMs).then(() => unlink(path).catch(() => undefined));
      return closing;
    },
  };
}
