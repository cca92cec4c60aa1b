import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getModel } from '../../src/model/index.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { openStore } from '../../src/server/store/open.js';
import { dumpStore } from './dump.js';

const model = getModel();


async function demoState(t: { after: (fn: () => void) => void }): Promise<{ dir: string; expected: unknown }> {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-cache-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const store = await openStore(dir, { model, pid: 1 });
  seedDemoPool(store, model, { guestFiles: false });
  await store.close();
  const mem = openMemoryStore();
  seedDemoPool(mem, model, { guestFiles: false });
  return { dir, expected: dumpStore(mem) };
}

test('the demo pool survives state.db (XML) and the load cache with every value and type intact', async (t) => {
  const { dir, expected } = await demoState(t);
  assert.ok(existsSync(join(dir, 'state.cache')));
  const viaCache = await openStore(dir, { model, pid: 1 });
  assert.deepEqual(dumpStore(viaCache), expected);
  await viaCache.close();
  unlinkSync(join(dir, 'state.cache'));
  const viaXml = await openStore(dir, { model, pid: 1 });
  assert.deepEqual(dumpStore(viaXml), expected);
  await viaXml.close();
});

test('a cache that does not match state.db or the model is ignored', async (t) => {
  const { dir } = await demoState(t);
  const snapshot = join(dir, 'state.db');
  writeFileSync(snapshot, readFileSync(snapshot, 'utf8').replace('name__label="web01"', 'name__label="edited01"'));
  const edited = await openStore(dir, { model, pid: 1 });
  const names = [...edited.all('VM')].map(([, r]) => r['name_label']);
  assert.ok(names.includes('edited01') && !names.includes('web01'), 'state.db is the format of record');
  await edited.close();

  const plainModel = getModel({ extensions: false });
  const other = await openStore(dir, { model: plainModel, pid: 1 });
  const vm = [...other.all('VM')].find(([, r]) => r['name_label'] === 'db01')?.[1];
  assert.equal(vm?.['requires_tpm'], 'true', 'without extensions the field is an unknown string, not a cached bool');
  await other.close();
});

test('writes after a cached load are journalled and replayed', async (t) => {
  const { dir } = await demoState(t);
  const a = await openStore(dir, { model, pid: 1 });
  const [ref] = [...a.all('VM')].find(([, r]) => r['name_label'] === 'mail01') ?? [];
  assert.ok(ref !== undefined);
  a.update('VM', ref, { power_state: 'Running', memory_static_max: 5n * 1024n ** 3n, profile: ['x', 'y'] });
  await a.sync();
  const b = await openStore(dir, { model, pid: 1 });
  const vm = b.get('VM', ref);
  assert.equal(vm?.['power_state'], 'Running');
  assert.equal(vm?.['memory_static_max'], 5n * 1024n ** 3n);
  assert.deepEqual(vm?.['profile'], ['x', 'y']);
  await b.close();
});
