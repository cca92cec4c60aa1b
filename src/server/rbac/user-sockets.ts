// Per-user sockets of a running server (`xenctl serve --state DIR` with --listen or --unix): one unix socket for
// each operating-system user who may use the pool — its owner, the user the server runs as, and every subject whose
// identifier is an OS user — at DIR/users/UID.sock, owned by that user, mode 0600. Node cannot ask a unix socket who
// its peer is (no SO_PEERCRED), so the socket a connection arrives on is the proof of identity: only that user (and
// root) can connect. Each socket speaks the --stdio framing, and its calls run in a delegated session of its user;
// `xenctl serve --stdio --state DIR` run by that user (e.g. over ssh) forwards to it (stdio-forward.ts).
// While the server runs DIR is 0711 (traversable, not listable: any user can reach DIR/users, so one without a
// socket learns that the server runs and is refused rather than told there is none); every other entry of DIR is
// closed to group and others, and DIR is 0700 again when the server stops.
import { createServer, type Server, type Socket } from 'node:net';
import { chmod, chown, lstat, mkdir, mkdtemp, readdir, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Xapi } from '../xapi.js';
import { serveStdio } from '../stdio.js';
import { SUBJECT_CLASS, SUBJECT_FIELDS } from './names.js';
import { readOsUsers, type OsUser } from './os-users.js';

export const USERS_DIR = 'users';
/** The daemon's PID, readable by all: a forwarder that finds no socket for its user tells "refused" from "no daemon". */
export const DAEMON_PID_FILE = 'daemon.pid';
export const userSocketPath = (state: string, uid: number): string => join(state, USERS_DIR, `${uid}.sock`);

export interface UserSocketOptions {
  readonly state: string;
  /** The pool's owner: the owner of the state directory. */
  readonly owner: OsUser;
  /** The uid the server runs as. */
  readonly selfUid: number;
  readonly pid: number;
  readonly passwdFile?: string;
  /** One line for stderr (a user who could not get a socket). */
  readonly note?: (line: string) => void;
}

export interface UserSockets {
  /** uid -> user name of the sockets open now. */
  readonly open: ReadonlyMap<number, string>;
  /** Opens and closes sockets to match the subjects now (also run on every change of a subject). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

interface Listener {
  readonly name: string;
  readonly server: Server;
}

/** Bound under a private name, made 0600 and the user's, then moved into place: never reachable by anyone else. */
async function bindFor(dir: string, user: OsUser, onConnection: (s: Socket) => void): Promise<Server> {
  const path = join(dir, `${user.uid}.sock`);
  await unlink(path).catch(() => undefined);
  const nest = await mkdtemp(join(dir, '.bind-'));
  const bound = join(nest, 's');
  const server = createServer({ allowHalfOpen: true }, onConnection);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(bound, () => (server.off('error', reject), resolve()));
    });
    await chmod(bound, 0o600);
    await chown(bound, user.uid, user.gid);
    await rename(bound, path);
    return server;
  } catch (e) {
    server.close();
    throw e;
  } finally {
    await rm(nest, { recursive: true, force: true });
  }
}

/** Group and others lose every access to the entries of the state directory (the sockets' directory excepted). */
async function closeEntries(state: string): Promise<void> {
  for (const name of await readdir(state)) {
    if (name === USERS_DIR) continue;
    const st = await lstat(join(state, name));
    if (!st.isSymbolicLink() && (st.mode & 0o077) !== 0) await chmod(join(state, name), st.mode & 0o700);
  }
}

export async function offerUserSockets(xapi: Xapi, opts: UserSocketOptions): Promise<UserSockets> {
  const dir = join(opts.state, USERS_DIR);
  await mkdir(dir, { recursive: true, mode: 0o711 });
  await chmod(dir, 0o711);
  for (const name of await readdir(dir)) if (name.endsWith('.sock') || name.startsWith('.bind-')) await rm(join(dir, name), { recursive: true, force: true });
  await writeFile(join(dir, DAEMON_PID_FILE), `${opts.pid}\n`, { mode: 0o644 });
  await closeEntries(opts.state);
  await chmod(opts.state, 0o711);
  const listeners = new Map<number, Listener>();
  const connections = new Set<Socket>();
  const open = new Map<number, string>();
  const noted = new Set<number>();
  let closed = false;

  const connection = (name: string) => (socket: Socket): void => {
    connections.add(socket);
    socket.once('close', () => connections.delete(socket));
    socket.on('error', () => socket.destroy());
    // Not `for await (… of socket)`: that destroys the socket when the caller half-closes, before the replies.
    const input = socket.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>;
    const fe = serveStdio(xapi, input, socket, { user: name });
    fe.done.then(() => socket.end(), () => socket.destroy());
  };

  const wanted = async (): Promise<Map<number, OsUser>> => {
    const users = await readOsUsers(opts.passwdFile);
    const out = new Map<number, OsUser>([[opts.owner.uid, opts.owner]]);
    const self = users.byUid(opts.selfUid);
    if (self !== undefined) out.set(self.uid, self);
    for (const [, subject] of xapi.context.store.all(SUBJECT_CLASS)) {
      const user = users.byName(String(subject[SUBJECT_FIELDS.identifier]));
      if (user !== undefined && !out.has(user.uid)) out.set(user.uid, user);
    }
    return out;
  };

  const stop = async (uid: number): Promise<void> => {
    const l = listeners.get(uid);
    if (l === undefined) return;
    listeners.delete(uid);
    open.delete(uid);
    await new Promise<void>((resolve) => l.server.close(() => resolve()));
    await unlink(userSocketPath(opts.state, uid)).catch(() => undefined);
  };

  const syncNow = async (): Promise<void> => {
    if (closed) return;
    const want = await wanted();
    for (const uid of [...listeners.keys()]) if (!want.has(uid)) await stop(uid);
    for (const [uid, user] of want) {
      if (listeners.has(uid) || closed) continue;
      try {
        listeners.set(uid, { name: user.name, server: await bindFor(dir, user, connection(user.name)) });
        open.set(uid, user.name);
      } catch (e) {
        // Said once per user: a server not run as root cannot give a socket to another user on every sync either.
        if (!noted.has(uid)) opts.note?.(`no socket for ${user.name} (uid ${uid}): ${e instanceof Error ? e.message : String(e)}`);
        noted.add(uid);
      }
    }
  };

  // Syncs run one at a time; a change during one schedules one more.
  let running: Promise<void> = Promise.resolve();
  let queued = false;
  const sync = (): Promise<void> => {
    if (queued) return running;
    queued = true;
    running = running.then(() => {
      queued = false;
      return syncNow();
    }).catch((e: unknown) => opts.note?.(`user sockets: ${e instanceof Error ? e.message : String(e)}`));
    return running;
  };
  const unsubscribe = xapi.context.store.onChange((c) => {
    if (c.cls === SUBJECT_CLASS) void sync();
  });
  await sync();

  return {
    open,
    sync,
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      unsubscribe();
      await running;
      for (const s of connections) s.destroy();
      for (const uid of [...listeners.keys()]) await stop(uid);
      await unlink(join(dir, DAEMON_PID_FILE)).catch(() => undefined);
      await rmdir(dir).catch(() => undefined);
      await chmod(opts.state, 0o700).catch(() => undefined);
    },
  };
}
