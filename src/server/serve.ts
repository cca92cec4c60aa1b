// `xenctl serve`: open (or seed) the state directory, start the front ends, run until the signal aborts.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import type { Model } from '../model/types.js';
import { getModel } from '../model/index.js';
import type { Env } from '../config/paths.js';
import type { ObjectStore } from './store/types.js';
import { openStore } from './store/open.js';
import { seedDemoPool } from './seed/demo.js';
import { dirGuestFs } from './guest/dir.js';
import { writeSeedGuestFiles } from './guest/seed.js';
import type { GuestFs } from '../guest/types.js';
import { generatePassword, openAccounts, ROOT_USER } from './accounts.js';
import { seedRoles } from './roles-seed.js';
import { createXapi } from './xapi.js';
import { failOrphanedTasks } from './sim/orphaned-tasks.js';
import type { Xapi } from './xapi.js';
import { CLASSES } from './wire-names.js';
import { listenHttp } from './http.js';
import type { HttpFrontEnd } from './http.js';
import { checkUnixPath, listenUnix } from './unix.js';
import { serveStdio } from './stdio.js';
import { listenHttps, loadTlsMaterial, type TlsMaterial } from './tls.js';
import { parseServeArgs, SERVE_USAGE, ServeUsageError, stateDir } from './serve-options.js';
import type { ServeOptions } from './serve-options.js';
import { processUser, readOsUsers, type OsUser } from './rbac/os-users.js';
import { forwardToDaemon } from './rbac/stdio-forward.js';
import { offerUserSockets, type UserSockets } from './rbac/user-sockets.js';

/** The parts of the CLI's io that serve uses (CliIO fits). src/server never reads `process`: the CLI hands these in. */
export interface ServeIO {
  readonly stdout: { write(chunk: string): unknown; once?(event: 'drain', listener: () => void): unknown };
  /** Read by `--stdio`. */
  readonly stdin?: AsyncIterable<Buffer | string>;
  readonly stderr: { write(chunk: string): unknown };
  /** This process's PID, written to the state directory's lock file. */
  readonly pid?: number;
  /** Aborted on SIGINT/SIGTERM: the server shuts down gracefully and runServe resolves. */
  readonly signal?: AbortSignal;
}

export const ROOT_PASSWORD_FILE = 'root-password';

class ServeError extends Error {
  override readonly name = 'ServeError';
}

/** The whole file is the password, one trailing newline stripped; refused if group- or world-readable. */
export async function readPasswordFile(path: string): Promise<string> {
  const st = await stat(path);
  if ((st.mode & 0o044) !== 0) {
    throw new ServeError(`${path} is readable by other users; chmod 600 it first`);
  }
  const text = await readFile(path, 'utf8');
  const password = text.endsWith('\r\n') ? text.slice(0, -2) : text.endsWith('\n') ? text.slice(0, -1) : text;
  if (password === '') throw new ServeError(`${path} is empty: the root password must not be`);
  return password;
}

/** Seeds what a new state lacks: the demo pool, the role objects, the root account. */
async function prepareState(store: ObjectStore, model: Model, opts: ServeOptions, state: string, io: ServeIO, guestFs: GuestFs,
  givenPassword: string | undefined): Promise<void> {
  const fresh = store.tables().next().done === true;
  if (opts.importDb !== undefined) {
    // A dump replaces the demo pool; loading one into a state that already holds objects would mix two pools.
    if (!fresh && !opts.replaceState) {
      throw new ServeError(`--import-db: the state ${state} is not empty (start with a new --state DIR, or add --replace-state to discard it)`);
    }
    const oldDisks = [...store.all(CLASSES.VDI)].map(([, rec]) => String(rec['uuid']));
    const { importDb } = await import('./store/import.js');
    await importDb(store, opts.importDb, model, { replace: opts.replaceState });
    (await import('./seed/imported-hosts.js')).deriveImportedHostCapabilities(store, model, { now: () => new Date() });
    for (const uuid of oldDisks) if (store.refByUuid(CLASSES.VDI, uuid) === undefined && guestFs.has(uuid)) guestFs.remove(uuid);
  }
  if (store.count(CLASSES.pool) === 0) writeSeedGuestFiles(guestFs, store, (await seedDemoPool(store, model)).guestFiles);
  if (opts.synthetic !== undefined && opts.synthetic > 0) {
    if (!fresh) io.stderr.write('xenctl serve: --synthetic ignored: the state is not new\n');
    else (await import('./seed/synthetic.js')).addSyntheticVms(store, model, opts.synthetic);
  }
  if (store.count(CLASSES.role) === 0) seedRoles(store, model);
  const accounts = openAccounts(store);
  if (!accounts.has(ROOT_USER)) {
    if (givenPassword !== undefined) {
      await accounts.setPassword(ROOT_USER, givenPassword);
    } else {
      const password = generatePassword();
      const file = join(state, ROOT_PASSWORD_FILE);
      await writeFile(file, `${password}\n`, { mode: 0o600 });
      await accounts.setPassword(ROOT_USER, password);
      io.stderr.write(`xenctl serve: root password written to ${file}\n`);
    }
  }
  await store.sync();
}

function whoRuns(env: Env): OsUser {
  try {
    return processUser(userInfo(), env['USER'] ?? ROOT_USER);
  } catch {
    return processUser(undefined, env['USER'] ?? ROOT_USER);
  }
}

/** The pool's owner is the owner of its state directory, whoever runs the server. */
async function ownerOf(state: string, me: OsUser): Promise<OsUser> {
  const uid = (await stat(state)).uid;
  // Without a passwd entry for this process (uid unknown), it is taken for the owner, as before per-user sockets.
  if (uid === me.uid || me.uid < 0) return me;
  return (await readOsUsers()).byUid(uid) ?? { name: String(uid), uid, gid: -1 };
}

/** A running front end (http, and later unix, stdio, https). */
interface FrontEnd {
  /** For the start-up line on stderr, e.g. `listening on http://127.0.0.1:8080`; absent: say nothing (stdio). */
  readonly describe?: string;
  /** Settles when the front end ends by itself (stdio at end of input); absent for listeners. */
  readonly done?: Promise<void>;
  close(graceMs?: number): Promise<void>;
}

/** The front ends the options ask for, each started against the xapi. */
function frontEndsFor(opts: ServeOptions, state: string, io: ServeIO, given: TlsMaterial | undefined): ((xapi: Xapi) => Promise<FrontEnd>)[] {
  const out: ((xapi: Xapi) => Promise<FrontEnd>)[] = [];
  const listen = opts.listen;
  if (listen !== undefined && opts.tls) {
    out.push(async (xapi) => {
      const tls = given ?? (await loadTlsMaterial(state, opts.tlsCert, opts.tlsKey));
      const https = await listenHttps(xapi, listen.host, listen.port, tls);
      return { describe: `listening on ${https.url} (certificate ${tls.certFile}, SHA256 ${tls.fingerprint256})`, close: (graceMs) => https.close(graceMs) };
    });
  } else if (listen !== undefined) {
    out.push(async (xapi) => {
      const http: HttpFrontEnd = await listenHttp(xapi, listen.host, listen.port);
      return { describe: `listening on ${http.url}`, close: (graceMs) => http.close(graceMs) };
    });
  }
  const unix = opts.unix;
  if (unix !== undefined) {
    out.push(async (xapi) => {
      const sock = await listenUnix(xapi, unix);
      return { describe: `listening on ${sock.url}`, close: (graceMs) => sock.close(graceMs) };
    });
  }
  if (opts.stdio) {
    out.push(async (xapi) => {
      const stdin = io.stdin;
      if (stdin === undefined) throw new Error('--stdio: no standard input here');
      const fe = serveStdio(xapi, stdin, io.stdout);
      return { done: fe.done, close: () => fe.close() };
    });
  }
  return out;
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/** Runs `xenctl serve ARGV` until `io.signal` aborts (SIGINT/SIGTERM, passed in by the CLI). Returns the exit code. */
export async function runServe(argv: readonly string[], io: ServeIO, env: Env): Promise<number> {
  let opts: ServeOptions;
  try {
    opts = parseServeArgs(argv);
  } catch (e) {
    if (!(e instanceof ServeUsageError)) throw e;
    io.stderr.write(`xenctl serve: ${e.message}\n${SERVE_USAGE}`);
    return 2;
  }
  if (opts.help) {
    io.stdout.write(SERVE_USAGE);
    return 0;
  }
  let store: ObjectStore | undefined;
  let userSockets: UserSockets | undefined;
  const running: FrontEnd[] = [];
  try {
    const state = stateDir(opts, env);
    const me = whoRuns(env);
    const stdioOnly = opts.stdio && opts.listen === undefined && opts.unix === undefined;
    // A user of a pool whose server runs (e.g. over `ssh user@host xenctl serve --stdio`) reaches it as that user.
    if (stdioOnly && io.stdin !== undefined && (await forwardToDaemon(state, me, { stdin: io.stdin, stdout: io.stdout }))) return 0;
    // What the options name outside the state is checked first, so a mistake there leaves no new state behind.
    const givenTls = opts.tls && (opts.tlsCert !== undefined || opts.tlsKey !== undefined)
      ? await loadTlsMaterial(state, opts.tlsCert, opts.tlsKey) : undefined;
    if (opts.unix !== undefined) await checkUnixPath(opts.unix);
    const givenPassword = opts.passwordFile === undefined ? undefined : await readPasswordFile(opts.passwordFile);
    await mkdir(state, { recursive: true, mode: 0o700 });
    const owner = await ownerOf(state, me);
    if (me.uid !== owner.uid && me.uid !== 0) {
      throw new ServeError(`the state ${state} belongs to ${owner.name} and no server for it is running: ${owner.name} starts one with xenctl serve --state ${state}`);
    }
    const model = getModel({ extensions: opts.extensions });
    store = await openStore(state, { model, pid: io.pid ?? 0 });
    const guestFs = dirGuestFs(join(state, 'vdi'));
    await prepareState(store, model, opts, state, io, guestFs, givenPassword);
    const xapi = createXapi({
      model,
      store,
      guestFs,
      settings: {
        ownerName: owner.name,
        ...(opts.supporterOf !== undefined ? { supporterOf: opts.supporterOf } : {}),
      },
    });
    const orphans = failOrphanedTasks(xapi.context);
    if (orphans > 0) io.stderr.write(`xenctl serve: ${orphans} task(s) left running by a stopped server marked failed\n`);
    for (const start of frontEndsFor(opts, state, io, givenTls)) {
      const fe = await start(xapi);
      running.push(fe);
      if (fe.describe !== undefined) io.stderr.write(`xenctl serve: ${fe.describe} (state ${state})\n`);
    }
    if (!stdioOnly) {
      const note = (line: string): unknown => io.stderr.write(`xenctl serve: ${line}\n`);
      userSockets = await offerUserSockets(xapi, { state, owner, selfUid: me.uid, pid: io.pid ?? 0, note });
    }
    // The end of stdin ends a stdio-only server; beside a listener it only closes the stdio front end.
    const ends = running.flatMap((fe) => (fe.done === undefined ? [] : [fe.done]));
    await Promise.race([waitForAbort(io.signal), ...(running.some((fe) => fe.done === undefined) ? [] : ends)]);
    // Over --stdio alone (ssh remote commands) stderr reaches the client's user: keep it quiet.
    if (running.some((fe) => fe.describe !== undefined)) io.stderr.write('xenctl serve: shutting down\n');
    xapi.close();
    await userSockets?.close();
    await Promise.all(running.splice(0).map((fe) => fe.close()));
    await xapi.drain();
    return 0;
  } catch (e) {
    io.stderr.write(`xenctl serve: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    await userSockets?.close();
    await Promise.all(running.map((fe) => fe.close(0)));
    await store?.close();
  }
}
