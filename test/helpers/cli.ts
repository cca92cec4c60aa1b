// runCli: main() in-process with captured IO, against the reference server over the in-process transport.
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Model, XenValue } from '../../src/model/types.js';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { makeRecord, newRef } from '../../src/server/store/records.js';
import type { ObjectStore } from '../../src/server/store/types.js';
import { createXapi, type Xapi } from '../../src/server/xapi.js';
import { localTransport } from '../../src/transport/local.js';
import { XenClient } from '../../src/client/client.js';
import { main, type Connection, type MainDeps } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import type { Candidate } from '../../src/cli/errors.js';
import { seedFixture, type Fixture } from './server.js';
import { seedDemoPool, type DemoPool } from '../../src/server/seed/demo.js';
import { seedRoles } from '../../src/server/roles-seed.js';

export interface CliServer {
  readonly model: Model;
  readonly store: ObjectStore;
  readonly xapi: Xapi;
  readonly fixture: Fixture;
  /** Extra objects: a control domain, a snapshot, two VMs both named `twin`. */
  readonly dom0: string;
  readonly snapshot: string;
  readonly twins: readonly [string, string];
}

/** A memory store with the shared fixture pool plus objects the CLI tests need. */
export function startCliServer(): CliServer {
  const model = getModel();
  const store = openMemoryStore();
  const fixture = seedFixture(store, model);
  const put = (cls: string, values: Record<string, XenValue>): string => {
    const ref = newRef();
    store.create(cls, ref, makeRecord(model, cls, values));
    return ref;
  };
  const dom0 = put('VM', { name_label: 'Control domain on host1', is_control_domain: true, power_state: 'Running', resident_on: fixture.host });
  const snapshot = put('VM', { name_label: 'web01 snap', is_a_snapshot: true, snapshot_of: fixture.web });
  const twins: [string, string] = [put('VM', { name_label: 'twin' }), put('VM', { name_label: 'twin' })];
  const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 } });
  return { model, store, xapi, fixture, dom0, snapshot, twins };
}

/**
 * A memory store seeded with the demo pool (INTERFACES.md), as the embedded local: server starts.
 * `extensions: false` serves the plain XenAPI datamodel, as `serve --no-extensions` does.
 */
export function startDemoServer(opts: { readonly extensions?: boolean } = {}): { readonly model: Model; readonly store: ObjectStore; readonly xapi: Xapi; readonly demo: DemoPool } {
  const model = getModel({ extensions: opts.extensions ?? true });
  const store = openMemoryStore();
  const demo = seedDemoPool(store, model, { guestFiles: false });
  seedRoles(store, model);
  const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 } });
  return { model, store, xapi, demo };
}

export function uuidOf(server: CliServer, cls: string, ref: string): string {
  const u = server.store.get(cls, ref)?.['uuid'];
  if (typeof u !== 'string') throw new Error(`no uuid for ${cls} ${ref}`);
  return u;
}

/** What runCli needs of a server: the reference server's request handlers. */
export interface InProcessServer {
  readonly xapi: Xapi;
}

export interface RunOptions {
  /** Absent: main opens its connection the normal way (flags/env/context; local: in a temp XDG home). */
  readonly server?: InProcessServer;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly stdin?: string;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly choose?: (noun: string, selector: string, candidates: readonly Candidate[]) => Promise<Candidate | undefined>;
  readonly signal?: AbortSignal;
  readonly confirm?: (question: string) => Promise<boolean>;
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function connector(server: InProcessServer): NonNullable<MainDeps['connect']> {
  return async (ctx): Promise<Connection> => {
    const transport = localTransport({
      handleXmlRpc: async (body, channel) => (await server.xapi.handleXmlRpc(body, channel)).chunks,
      handleJsonRpc: async (body, channel) => (await server.xapi.handleJsonRpc(body, channel)).chunks,
    });
    const client = new XenClient({ transport, model: ctx.model, ...(ctx.globals.protocol === undefined ? {} : { protocol: ctx.globals.protocol }) });
    return { caller: client, close: () => client.close() };
  };
}

/** A fresh temp HOME with XDG dirs, for runs that use the real connection path. */
export function tempHome(): Record<string, string> {
  const home = mkdtempSync(join(tmpdir(), 'xenctl-cli-'));
  return { HOME: home, XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data') };
}

/** A temp home with a private (0600) password file, for http runs. */
export function homeWithPassword(password = 'x'): { env: Record<string, string>; file: string } {
  const env = tempHome();
  const file = join(env['HOME'] ?? '', 'pw');
  writeFileSync(file, `${password}\n`);
  chmodSync(file, 0o600);
  return { env, file };
}

export async function runCli(argv: readonly string[], opts: RunOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const tty = opts.isTTY ?? false;
  const stdinText = opts.stdin ?? '';
  const io: CliIO = {
    stdout: { write: (c: string) => ((stdout += c), true) },
    stderr: { write: (c: string) => ((stderr += c), true) },
    stdin: (async function* () {
      if (stdinText !== '') yield stdinText;
    })(),
    isTTY: { stdin: tty, stdout: tty, stderr: tty },
    columns: opts.columns ?? 100,
    cwd: process.cwd(),
    pid: process.pid,
    ...(opts.signal === undefined ? {} : { signal: opts.signal }),
  };
  const env = opts.env ?? (opts.server === undefined ? tempHome() : { HOME: '/nonexistent' });
  const deps: MainDeps = {
    ...(opts.server === undefined ? {} : { connect: connector(opts.server) }),
    ...(opts.choose === undefined ? {} : { choose: opts.choose }),
    ...(opts.confirm === undefined ? {} : { confirm: opts.confirm }),
  };
  const code = await main(argv, io, env, deps);
  return { code, stdout, stderr };
}
