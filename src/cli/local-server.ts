// The embedded reference server behind `local:DIR`. Imported only on that path (the server is heavy).
import type { Model } from '../model/types.js';
import type { LocalServer } from '../transport/open.js';
import type { LocalChannel } from '../transport/local.js';
import { SEED_CLASSES as SEED_MARKERS } from './wire-names.js';


export async function openLocalServer(dir: string, model: Model, pid: number): Promise<LocalServer> {
  const [{ openStore }, { createXapi }, { seedDemoPool }, { seedRoles }, { dirGuestFs }, { writeSeedGuestFiles }, { join }] = await Promise.all([
    import('../server/store/open.js'),
    import('../server/xapi.js'),
    import('../server/seed/demo.js'),
    import('../server/roles-seed.js'),
    import('../server/guest/dir.js'),
    import('../server/guest/seed.js'),
    import('node:path'),
  ]);
  const guestFs = dirGuestFs(join(dir, 'vdi'));
  const store = await openStore(dir, { model, pid });
  try {
    const pool = model.findClass(SEED_MARKERS.pool)?.name ?? SEED_MARKERS.pool;
    const role = model.findClass(SEED_MARKERS.role)?.name ?? SEED_MARKERS.role;
    if (store.count(pool) === 0) writeSeedGuestFiles(guestFs, store, (await seedDemoPool(store, model)).guestFiles);
    if (store.count(role) === 0) seedRoles(store, model);
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
      await xapi.drain();
      await store.close();
    },
  };
}
