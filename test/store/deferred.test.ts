// With decodeOnUse, classes loaded from the load cache are decoded on first use: every way to read or write them must
// see them whole.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModel } from '../../src/model/index.js';
import type { XenStruct } from '../../src/model/types.js';
import { seedRoles, roleRef, roleUuid } from '../../src/server/roles-seed.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import { CACHE_FILE, modelFingerprint, readCache } from '../../src/server/store/cache.js';
import { JOURNAL_FILE, SNAPSHOT_FILE } from '../../src/server/store/disk.js';
import { openStore } from '../../src/server/store/open.js';
import { StoreError, TableStore } from '../../src/server/store/table-store.js';
import type { Change } from '../../src/server/store/types.js';
import { dumpStore } from './dump.js';

const model = getModel();
const ROLE = 'role';


/** A state holding the demo pool and the role objects, closed (so state.db and its cache are written). */
async function rolesState(t: { after: (fn: () => void) => void }): Promise<{ dir: string; expected: unknown; roles: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-deferred-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  store.bulk(() => {
    seedDemoPool(store, model, { guestFiles: false });
    seedRoles(store, model);
  });
  const expected = dumpStore(store);
  const roles = store.count(ROLE);
  await store.close();
  assert.ok(roles > 1000);
  return { dir, expected, roles };
}

const readOnly = roleRef('vm.start');

test('a class from the load cache counts without a decode and reads whole through get, has, all and uuids', async (t) => {
  const { dir, expected, roles } = await rolesState(t);
  const cached = readCache(dir, join(dir, SNAPSHOT_FILE), modelFingerprint(model));
  assert.ok(cached?.classes.some((c) => c.cls === ROLE && c.rows > 0), 'roles come from the cache');
  const a = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  assert.equal(a.count(ROLE), roles);
  assert.ok([...a.tables()].includes(ROLE));
  assert.equal(a.refByUuid(ROLE, roleUuid('vm.start')), readOnly, 'the uuid index covers a class not read before');
  await a.close();
  const b = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  assert.equal(b.get(ROLE, readOnly)?.['name_label'], 'vm.start', 'get is the first use');
  await b.close();
  const c = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  assert.equal(c.has(ROLE, readOnly), true, 'has is the first use');
  assert.deepEqual(dumpStore(c), expected, 'every class, in the same order, with the same values');
  await c.close();
});

test('writes to a class not yet decoded go through the journal onto the whole class, and read back after reopening', async (t) => {
  const { dir, roles } = await rolesState(t);
  const a = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  const changes: Change[] = [];
  a.onChange((c) => changes.push(c));
  a.update(ROLE, readOnly, { name_description: 'edited' });
  assert.equal(a.count(ROLE), roles, 'an update is the first use: nothing is lost');
  a.create(ROLE, 'OpaqueRef:extra', { ...(a.get(ROLE, readOnly) ?? {}), uuid: 'extra-uuid', name_label: 'extra' });
  assert.deepEqual(changes.map((c) => [c.cls, c.op]), [[ROLE, 'mod'], [ROLE, 'add']]);
  await a.sync();
  // A crash here (a copy of the files as they are): the journal holds the writes, state.db and its cache do not.
  const crashed = join(dir, 'crashed');
  mkdirSync(crashed);
  // Links keep state.db's mtime, which its cache names (a close replaces both files, it does not write them over).
  for (const f of [SNAPSHOT_FILE, CACHE_FILE]) linkSync(join(dir, f), join(crashed, f));
  copyFileSync(join(dir, JOURNAL_FILE), join(crashed, JOURNAL_FILE));
  await a.close();
  assert.ok(statSync(join(crashed, JOURNAL_FILE)).size > 0);
  assert.ok(readCache(crashed, join(crashed, SNAPSHOT_FILE), modelFingerprint(model)) !== undefined, 'the replay goes onto cached rows');
  const b = await openStore(crashed, { model, pid: 2, decodeOnUse: true });
  assert.equal(b.count(ROLE), roles + 1);
  assert.equal(b.get(ROLE, readOnly)?.['name_description'], 'edited');
  assert.equal(b.refByUuid(ROLE, 'extra-uuid'), 'OpaqueRef:extra');
  await b.close();
  const c = await openStore(crashed, { model, pid: 3, decodeOnUse: true });
  assert.equal(c.get(ROLE, readOnly)?.['name_description'], 'edited', 'the replayed write made it into state.db');
  assert.equal(c.count(ROLE), roles + 1);
  await c.close();
});

test('a create or destroy as the first use sees or removes objects of the whole class', async (t) => {
  const { dir, roles } = await rolesState(t);
  const a = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  a.destroy(ROLE, readOnly);
  assert.equal(a.count(ROLE), roles - 1);
  assert.equal(a.refByUuid(ROLE, roleUuid('vm.start')), undefined);
  await a.close();
  const b = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  const other = roleRef('vm.clean_shutdown');
  assert.throws(() => b.create(ROLE, other, {}), (e) => e instanceof StoreError && e.code === 'exists',
    'a create as the first use sees the objects already there');
  assert.equal(b.count(ROLE), roles - 1);
  assert.equal(b.has(ROLE, readOnly), false);
  await b.close();
});

test('a snapshot written while classes are still undecoded holds them whole', async (t) => {
  const { dir, expected } = await rolesState(t);
  const a = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  const [vm, before] = [...a.all('VM')][0] ?? [];
  assert.ok(vm !== undefined && before !== undefined);
  a.update('VM', vm, { name_description: 'touched' });
  await a.close(); // compacts: a new state.db and cache, roles never read
  unlinkSync(join(dir, CACHE_FILE));
  const b = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  assert.equal(b.get('VM', vm)?.['name_description'], 'touched');
  b.update('VM', vm, { name_description: before['name_description'] ?? '' });
  assert.deepEqual(dumpStore(b), expected, 'state.db (read as XML) has every role');
  await b.close();
});

test('a state.db read without a usable cache gets one at once, which the next open uses', async (t) => {
  const { dir, expected } = await rolesState(t);
  const cache = join(dir, CACHE_FILE);
  writeFileSync(cache, 'a cache of another format');
  const a = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  assert.ok(existsSync(cache) && statSync(cache).size > 1000, 'rewritten while open, before any write');
  await a.close();
  assert.ok(readCache(dir, join(dir, SNAPSHOT_FILE), modelFingerprint(model)) !== undefined);
  const b = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  assert.deepEqual(dumpStore(b), expected);
  await b.close();
});

test('with decodeOnUse a cache cut short or a damaged row frame is still found when the cache is read, and state.db read instead', async (t) => {
  const { dir, expected } = await rolesState(t);
  const cache = join(dir, CACHE_FILE);
  const bytes = readFileSync(cache);
  for (const cut of [1, 8, 100, Math.floor(bytes.length / 2), bytes.length - 1]) {
    writeFileSync(cache, bytes.subarray(0, cut));
    assert.equal(readCache(dir, join(dir, SNAPSHOT_FILE), modelFingerprint(model), true), undefined, `cut at ${cut}`);
  }
  const mid = Math.floor(bytes.length / 2);
  bytes.writeUInt8(bytes.readUInt8(mid) ^ 0x20, mid);
  writeFileSync(cache, bytes);
  assert.equal(readCache(dir, join(dir, SNAPSHOT_FILE), modelFingerprint(model), true), undefined);
  const a = await openStore(dir, { model, pid: 1, decodeOnUse: true });
  assert.deepEqual(dumpStore(a), expected);
  await a.close();
});

/** A table store with a class whose deferred rows do not decode as promised. */
class Loader extends TableStore {
  defer(cls: string, rows: number, decode: () => Iterable<[string, XenStruct]>): void {
    this.loadDeferred(cls, rows, decode);
  }
}

test('deferred rows that do not decode as counted fail every use of their class, not just the first', () => {
  const store = new Loader();
  store.defer('thing', 2, () => [['OpaqueRef:1', { uuid: 'u1' }]]);
  store.defer('other', 1, () => [['OpaqueRef:2', { uuid: 'u2' }]]);
  assert.equal(store.count('thing'), 2);
  const corrupt = (e: unknown): boolean => e instanceof StoreError && e.code === 'corrupt';
  assert.throws(() => store.get('thing', 'OpaqueRef:1'), corrupt);
  assert.throws(() => [...store.all('thing')], corrupt);
  assert.throws(() => store.refByUuid('thing', 'u1'), corrupt);
  assert.equal(store.get('other', 'OpaqueRef:2')?.['uuid'], 'u2', 'other classes still read');
  assert.equal(store.refByUuid('other', 'u2'), 'OpaqueRef:2');
});

test('deferred rows of one class given in two parts read as one table, in order', () => {
  const store = new Loader();
  store.defer('thing', 1, () => [['OpaqueRef:1', { uuid: 'u1' }]]);
  store.defer('other', 1, () => [['OpaqueRef:9', { uuid: 'u9' }]]);
  store.defer('thing', 1, () => [['OpaqueRef:2', { uuid: 'u2' }]]);
  assert.deepEqual([...store.tables()], ['thing', 'other']);
  assert.equal(store.count('thing'), 2);
  assert.deepEqual([...store.all('thing')].map(([ref]) => ref), ['OpaqueRef:1', 'OpaqueRef:2']);
  assert.equal(store.refByUuid('thing', 'u2'), 'OpaqueRef:2');
});
