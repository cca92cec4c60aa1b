// The embedded reference server behind `local:DIR`. Imported only on that path (the server is heavy).
import type { Model } from '../model/types.js';
import type { LocalServer } from '../transport/open.js';
import type { LocalChannel } from '../transport/local.js';
import { SEED_CLASSES as SEED_MARKERS, SESSION_CLASS } from './wire-names.js';

const LOCK_WAIT_MS = 10_000;
const LOCK_POLL_MS = 100;

/** Another xenctl holding the local state is usually a second that ends soon: wait for it, then give up (exit 3). */
async function openWhenFree<T>(open: () => Promise<T>, dir: string): Promise<T> {
  const { StoreError } = await import('../server/store/table-store.js');
  const { TransportError } = await import('../transport/errors.js');
  const until = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      return await open();
    } catch (e) {
      if (!(e instanceof StoreError) || e.code !== 'locked') throw e;
      if (Date.now() >= until) throw new TransportError('LOCKED', `local:${dir}`, e.message, { cause: e });
      await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS));
    }
  }
}

export async function openLocalServer(dir: string, model: Model, pid: number): Promise<LocalServer> {
  // The seeding modules load only for a state that needs them (the first run).
  const [{ openStore }, { createXapi }, { dirGuestFs }, { join }] = await Promise.all([
    import('../server/store/open.js'),
    import('../server/xapi.js'),
    import('../server/guest/dir.js'),
    import('node:path'),
  ]);
  const guestFs = dirGuestFs(join(dir, 'vdi'));
  // Sessions stay in memory: only this process can use them, and a read-only command then writes nothing.
  // A command reads a few classes: the others (2,000 role objects) stay undecoded; counting them needs no decode.
  const ephemeral = [SESSION_CLASS];
  const store = await openWhenFree(() => openStore(dir, { model, pid, ephemeral, decodeOnUse: true }), dir);
  try {
    // Names only: counting needs no class built (pool is a big one).
    const { pool, role } = SEED_MARKERS;
    if (store.count(pool) === 0) {
      const [{ seedDemoPool }, { writeSeedGuestFiles }] = await Promise.all([import('../server/seed/demo.js'), import('../server/guest/seed.js')]);
      writeSeedGuestFiles(guestFs, store, (await seedDemoPool(store, model)).guestFiles);
    }
    if (store.count(role) === 0) (await import('../server/roles-seed.js')).seedRoles(store, model);
    await store.sync();
  } catch (e) {
    await store.close();
    throw e;
  }
  const xapi = createXapi({ model, store, guestFs });
  return {
    handler: {
      handleXmlRpc: async (body: string, channel: LocalChannel) => (await xapi.handleXmlRpc(body, channel)).chunks,
      handleJsonRpc: async (body: string, channel: LocalChannel) => (await xapi.handleJsonRpc(body, channel)).chunks,
    },
    async close() {
      // Wakes blocked event.from calls (a watch ended by Ctrl-C), as serve does, so draining does not wait them out.
      xapi.close();
      await xapi.drain();
      await store.close();
    },
  };
}
