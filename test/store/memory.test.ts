import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { makeRecord, newRef, newUuid } from '../../src/server/store/records.js';
import type { Change } from '../../src/server/store/types.js';
import { miniModel } from './mini-model.js';

test('makeRecord fills every live field from values, defaults and zero values', () => {
  const rec = makeRecord(miniModel(), 'thing', { name_label: 'a', size: 5n });
  assert.equal(rec['name_label'], 'a');
  assert.equal(rec['size'], 5n);
  assert.equal(rec['ratio'], 0);
  assert.equal(rec['enabled'], true);
  assert.deepEqual(rec['born'], new Date(0));
  assert.equal(rec['mode'], 'fast');
  assert.equal(rec['owner'], 'OpaqueRef:NULL');
  assert.deepEqual(rec['tags'], []);
  assert.deepEqual({ ...(rec['other_config'] as object) }, {});
  assert.equal('old_field' in rec, false);
  assert.match(rec['uuid'] as string, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(makeRecord(miniModel(), 'thing', { uuid: 'u-1' })['uuid'], 'u-1');
  assert.notEqual(makeRecord(miniModel(), 'thing')['uuid'], rec['uuid']);
});

test('newRef and newUuid are fresh each time', () => {
  assert.match(newRef(), /^OpaqueRef:[0-9a-f-]{36}$/);
  assert.notEqual(newRef(), newRef());
  assert.notEqual(newUuid(), newUuid());
});

test('memory store: create, get, update, destroy, uuid index, order, events', async () => {
  const store = openMemoryStore();
  const changes: Change[] = [];
  const off = store.onChange((c) => changes.push(c));
  store.create('VM', 'OpaqueRef:b', { uuid: 'u-b', name_label: 'b' });
  store.create('VM', 'OpaqueRef:a', { uuid: 'u-a', name_label: 'a' });
  store.create('host', 'OpaqueRef:h', { uuid: 'u-h' });
  assert.throws(() => store.create('VM', 'OpaqueRef:a', { uuid: 'x' }), /already exists/);
  assert.deepEqual([...store.all('VM')].map(([ref]) => ref), ['OpaqueRef:b', 'OpaqueRef:a']);
  assert.equal(store.count('VM'), 2);
  assert.equal(store.refByUuid('VM', 'u-a'), 'OpaqueRef:a');
  assert.equal(store.refByUuid('host', 'u-a'), undefined);

  const before = store.get('VM', 'OpaqueRef:a');
  store.update('VM', 'OpaqueRef:a', { name_label: 'A', uuid: 'u-A' });
  assert.equal(before?.['name_label'], 'a', 'a record handed out earlier is not mutated');
  assert.equal(store.get('VM', 'OpaqueRef:a')?.['name_label'], 'A');
  assert.equal(store.refByUuid('VM', 'u-a'), undefined);
  assert.equal(store.refByUuid('VM', 'u-A'), 'OpaqueRef:a');
  assert.throws(() => store.update('VM', 'OpaqueRef:zz', { name_label: 'x' }), /does not exist/);

  store.destroy('VM', 'OpaqueRef:b');
  assert.equal(store.has('VM', 'OpaqueRef:b'), false);
  assert.equal(store.refByUuid('VM', 'u-b'), undefined);
  assert.deepEqual([...store.tables()].sort(), ['VM', 'host']);
  store.destroy('host', 'OpaqueRef:h');
  assert.deepEqual([...store.tables()], ['VM']);

  assert.deepEqual(changes.map((c) => [c.generation, c.cls, c.op]), [
    [1, 'VM', 'add'], [2, 'VM', 'add'], [3, 'host', 'add'], [4, 'VM', 'mod'], [5, 'VM', 'del'], [6, 'host', 'del'],
  ]);
  assert.equal(store.generation, 6);
  off();
  store.create('VM', 'OpaqueRef:c', { uuid: 'u-c' });
  assert.equal(changes.length, 6);
  await store.sync();
  await store.close();
  assert.throws(() => store.create('VM', 'OpaqueRef:d', {}), /closed/);
});
