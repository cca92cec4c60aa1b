// An in-process reference server with the demo pool and its guest files in a temp directory.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { XenStruct, XenValue } from '../../src/model/types.js';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import type { ObjectStore } from '../../src/server/store/types.js';
import { createXapi, type Xapi } from '../../src/server/xapi.js';
import { seedDemoPool, type DemoPool } from '../../src/server/seed/demo.js';
import { dirGuestFs } from '../../src/server/guest/dir.js';
import { writeSeedGuestFiles } from '../../src/server/guest/seed.js';
import type { GuestFs } from '../../src/guest/types.js';
import type { Envelope } from '../../src/wire/envelope.js';
import { delegatedCalls } from '../helpers/delegated-calls.js';


export interface GuestServer {
  readonly xapi: Xapi;
  readonly store: ObjectStore;
  readonly pool: DemoPool;
  readonly guestFs: GuestFs;
  /** The directory holding one subdirectory per VDI. */
  readonly dir: string;
  call(method: string, ...args: XenValue[]): Promise<Envelope>;
  ok(method: string, ...args: XenValue[]): Promise<XenValue>;
  fails(method: string, ...args: XenValue[]): Promise<readonly string[]>;
  vm(name: string): string;
  get(cls: string, ref: string): XenStruct;
  /** A guest file of the VM's first disk, as text. */
  file(vm: string, path: string): Promise<string>;
  rootVdi(vm: string): string;
  close(): void;
}

export function startGuestServer(opts: { extensions?: boolean } = {}): GuestServer {
  const model = getModel({ extensions: opts.extensions ?? true });
  const store = openMemoryStore();
  const pool = seedDemoPool(store, model);
  const root = mkdtempSync(join(tmpdir(), 'xenctl-guest-'));
  const dir = join(root, 'vdi');
  const guestFs = dirGuestFs(dir);
  writeSeedGuestFiles(guestFs, store, pool.guestFiles);
  const xapi = createXapi({ model, store, guestFs, settings: { authFailureDelayMs: 0 } });
  const calls = delegatedCalls(xapi);
  const get = (cls: string, ref: string): XenStruct => {
    const rec = store.get(cls, ref);
    assert.ok(rec !== undefined, `no ${cls} ${ref}`);
    return rec;
  };
  const s: GuestServer = {
    xapi, store, pool, guestFs, dir, ...calls, get,
    vm(name) {
      const ref = pool.vms.get(name);
      assert.ok(ref !== undefined, `no VM ${name}`);
      return ref;
    },
    rootVdi(vm) {
      for (const vbd of get('VM', vm)['VBDs'] as string[]) {
        const rec = get('VBD', vbd);
        if (rec['type'] === 'Disk') return rec['VDI'] as string;
      }
      return assert.fail(`no disk on ${vm}`);
    },
    async file(vm, path) {
      const b64 = await s.ok('VDI.get_file', s.rootVdi(vm), path);
      assert.equal(typeof b64, 'string');
      return Buffer.from(b64 as string, 'base64').toString('utf8');
    },
    close() {
      xapi.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
  return s;
}
