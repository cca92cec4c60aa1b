// Xen Orchestra's `xen-api` client watching events over real HTTP: its cache follows changes other clients make.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, TEST_PASSWORD } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import { createXapi } from '../../src/server/xapi.js';
import { listenHttp } from '../../src/server/http.js';

// The package ships no type declarations: import it by a name the compiler does not resolve.
const XEN_API: string = 'xen-api';

interface XoObject {
  readonly name_description?: string;
  readonly power_state?: string;
  readonly resident_on?: string;
}

interface XoCollection {
  on(event: 'add' | 'update' | 'remove', listener: (items: Record<string, XoObject>) => void): void;
  off(event: 'add' | 'update' | 'remove', listener: (items: Record<string, XoObject>) => void): void;
}

interface XoClient {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  call(method: string, ...args: unknown[]): Promise<unknown>;
  readonly objects: XoCollection;
  readonly objectsFetched: Promise<void>;
  getObject(idOrUuidOrRef: string, defaultValue?: unknown): XoObject | undefined;
}

type CreateClient = (opts: object) => XoClient;

/** Resolves when the watcher's cached object `ref` has this description (checked on every cache change). */
function seen(xo: XoClient, ref: string, description: string): Promise<void> {
  return seenWhen(xo, ref, (o) => o.name_description === description, `description ${description}`);
}

/** Resolves when the watcher's cached object `ref` passes `ok` (checked on every cache change). */
function seenWhen(xo: XoClient, ref: string, ok: (o: XoObject) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const o = xo.getObject(ref, undefined);
      if (o === undefined || !ok(o)) return;
      clearTimeout(timer);
      xo.objects.off('update', check);
      xo.objects.off('add', check);
      resolve();
    };
    const timer = setTimeout(() => reject(new Error(`no event for ${ref} -> ${what}`)), 10_000);
    xo.objects.on('update', check);
    xo.objects.on('add', check);
    check();
  });
}

describe('xen-api watching the simulated pool', () => {
  test('a VM started by another client is seen Running on its host, and halted again', async () => {
    const model = getModel();
    const store = openMemoryStore();
    const pool = seedDemoPool(store, model, { guestFiles: false });
    const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 } });
    await xapi.context.accounts.setPassword('root', TEST_PASSWORD);
    const http = await listenHttp(xapi, '127.0.0.1', 0);
    const { createClient } = (await import(XEN_API)) as { createClient: CreateClient };
    const auth = { user: 'root', password: TEST_PASSWORD };
    const watcher = createClient({ url: http.url, auth, watchEvents: true, debounce: 10 });
    const writer = createClient({ url: http.url, auth, watchEvents: false });
    try {
      await Promise.all([watcher.connect(), writer.connect()]);
      await watcher.objectsFetched;
      const mail = pool.vms.get('mail01') as string;
      const host3 = pool.hosts.get('host3') as string;
      const running = seenWhen(watcher, mail, (o) => o.power_state === 'Running' && o.resident_on === host3, 'Running on host3');
      await writer.call('VM.start_on', mail, host3, false, false);
      await running;
      const halted = seenWhen(watcher, mail, (o) => o.power_state === 'Halted', 'Halted');
      await writer.call('VM.hard_shutdown', mail);
      await halted;
    } finally {
      await Promise.all([watcher.disconnect(), writer.disconnect()]);
      xapi.close();
      await http.close(0);
      await xapi.drain();
    }
  });
});

describe('xen-api (Xen Orchestra) with watchEvents', () => {
  let s: TestServer;
  let createClient: CreateClient;
  before(async () => {
    s = await startTestServer();
    ({ createClient } = (await import(XEN_API)) as { createClient: CreateClient });
  });
  after(async () => {
    s.xapi.close();
    await s.close();
  });

  for (const transport of ['json-rpc', 'xml-rpc'] as const) {
    test(`over ${transport}: a change made by another client reaches xapi.objects`, async () => {
      const auth = { user: 'root', password: TEST_PASSWORD };
      const watcher = createClient({ url: s.url, auth, transport, watchEvents: true, debounce: 10 });
      const writer = createClient({ url: s.url, auth, transport, watchEvents: false });
      await Promise.all([watcher.connect(), writer.connect()]);
      try {
        await watcher.objectsFetched;
        for (const round of [1, 2]) {
          const description = `${transport} change ${round}`;
          const arrived = seen(watcher, s.fixture.db, description);
          await writer.call('VM.set_name_description', s.fixture.db, description);
          await arrived;
        }
      } finally {
        await Promise.all([watcher.disconnect(), writer.disconnect()]);
      }
    });
  }
});
