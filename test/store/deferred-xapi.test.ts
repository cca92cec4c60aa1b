// The API over a state whose classes come undecoded from the load cache: reads, uuids and events see them whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModel } from '../../src/model/index.js';
import type { XenValue } from '../../src/model/types.js';
import { roleRef, roleUuid, seedRoles } from '../../src/server/roles-seed.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import { openStore } from '../../src/server/store/open.js';
import { createXapi } from '../../src/server/xapi.js';
import type { Channel } from '../../src/server/context.js';
import { isStruct } from '../../src/model/values.js';

const model = getModel();
const HTTP: Channel = { kind: 'http' };
const PASSWORD = 'deferred-secret';

test('role objects first read through the API after a cached open: get_by_uuid, get_all_records, event.from', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-deferred-api-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const seeded = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  seeded.bulk(() => {
    seedDemoPool(seeded, model, { guestFiles: false });
    seedRoles(seeded, model);
  });
  const roles = seeded.count('role');
  await seeded.close();

  for (const first of ['uuid', 'records', 'events'] as const) {
    const store = await openStore(dir, { model, pid: 1, decodeOnUse: true });
    const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 } });
    await xapi.context.accounts.setPassword('root', PASSWORD);
    const call = async (method: string, ...params: XenValue[]): Promise<XenValue> => {
      const r = await xapi.handleCall(method, params, HTTP);
      if (!r.ok) throw new Error(`${method}: ${r.error.join(' ')}`);
      return r.value;
    };
    const session = await call('session.login_with_password', 'root', PASSWORD);
    assert.equal(typeof session, 'string');
    if (first === 'uuid') {
      assert.equal(await call('role.get_by_uuid', session, roleUuid('vm.start')), roleRef('vm.start'));
    } else if (first === 'records') {
      const all = await call('role.get_all_records', session);
      assert.ok(isStruct(all));
      assert.equal(Object.keys(all).length, roles);
    } else {
      const batch = await call('event.from', session, ['role'], '', 0.1);
      assert.ok(isStruct(batch) && Array.isArray(batch['events']));
      assert.equal(batch['events'].length, roles, 'every role is an add event of the empty token');
    }
    xapi.close();
    await xapi.drain();
    await store.close();
  }
});
