import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/server/store/open.js';
import { readFrames } from '../../src/server/store/journal.js';
import type { XenStruct, XenValue } from '../../src/model/types.js';
import { miniModel } from './mini-model.js';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-store-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const model = miniModel();
const PID = 1_000_001;
const open = (dir: string, extra: { compactBytes?: number } = {}) => openStore(dir, { model, pid: PID, ...extra });

function plain(v: XenValue | undefined): unknown {
  if (v === undefined || typeof v !== 'object' || v instanceof Date) return v;
  if (Array.isArray(v)) return v.map((x: XenValue) => plain(x));
  return Object.fromEntries(Object.entries(v as XenStruct).map(([k, x]) => [k, plain(x)]));
}

const tricky = `quote ' dq " back \\ amp & lt < gt > nl\nline tab\t end ✓`;
const thing: XenStruct = {
  uuid: 'a1b2c3d4-0000-4000-8000-000000000001', name_label: tricky, size: 9223372036854775807n,
  ratio: 0.25, enabled: false, born: new Date('2025-03-19T04:16:24Z'), mode: 'slow',
  owner: 'OpaqueRef:other', tags: ['a b', "it's", tricky, ''],
  other_config: { 'key with space': tricky, "k'q": 'v', empty: '' },
};
const account: XenStruct = {
  name: 'alice', hash: 'scrypt$abc', uid: 1000n, weight: 1.5, admin: true,
  created: new Date('2026-01-02T03:04:05Z'), groups: ['wheel', "o'brien"], attrs: { shell: '/bin/sh' },
};

test('snapshot round trip keeps every type kind and private tables typed', async (t) => {
  const dir = tempDir(t);
  const a = await open(dir);
  assert.equal(a.fresh, true);
  a.create('thing', 'OpaqueRef:t1', thing);
  a.create('xenctl_account', 'OpaqueRef:acc', account);
  await a.close();
  assert.equal(existsSync(join(dir, 'lock')), false, 'close releases the lock');
  assert.equal(statSync(join(dir, 'journal')).size, 0, 'close compacts the journal into the snapshot');
  const xml = readFileSync(join(dir, 'state.db'), 'utf8');
  assert.match(xml, /<table name="thing">/);
  assert.match(xml, /name__label="quote ' dq &quot; back \\ amp &amp; lt &lt; gt &gt; nl&#10;line/);
  assert.match(xml, /tags="\('a b' 'it\\'s' /);

  const b = await open(dir);
  assert.equal(b.fresh, false);
  assert.deepEqual(plain(b.get('thing', 'OpaqueRef:t1')), plain(thing));
  assert.deepEqual(plain(b.get('xenctl_account', 'OpaqueRef:acc')), plain(account));
  assert.equal(b.refByUuid('thing', thing['uuid'] as string), 'OpaqueRef:t1');
  assert.equal(b.generation, 2);
  await b.close();
});

test('journal replay restores synced writes of a store that was never closed', async (t) => {
  const dir = tempDir(t);
  const a = await open(dir);
  a.create('thing', 'OpaqueRef:t1', thing);
  a.create('thing', 'OpaqueRef:t2', { ...thing, uuid: 'u2' });
  a.update('thing', 'OpaqueRef:t1', { size: 7n, tags: ['x'], other_config: { k: 'v' } });
  a.destroy('thing', 'OpaqueRef:t2');
  a.create('xenctl_account', 'OpaqueRef:acc', account);
  a.update('xenctl_account', 'OpaqueRef:acc', { uid: 1001n });
  await a.sync();
  assert.ok(statSync(join(dir, 'journal')).size > 0);
  // No close(): as if the process died. The same PID in the lock file counts as stale.
  const b = await open(dir);
  const t1 = b.get('thing', 'OpaqueRef:t1');
  assert.equal(t1?.['size'], 7n);
  assert.deepEqual(plain(t1?.['tags']), ['x']);
  assert.deepEqual(plain(t1?.['other_config']), { k: 'v' });
  assert.equal(t1?.['name_label'], tricky);
  assert.equal(b.has('thing', 'OpaqueRef:t2'), false);
  assert.equal(b.refByUuid('thing', 'u2'), undefined);
  assert.deepEqual(plain(b.get('xenctl_account', 'OpaqueRef:acc')), plain({ ...account, uid: 1001n }));
  assert.equal(b.generation, 6);
  assert.equal(statSync(join(dir, 'journal')).size, 0, 'start-up compacts');
  await b.close();
});

test('a torn final journal record is dropped and later writes still replay', async (t) => {
  const dir = tempDir(t);
  const a = await open(dir);
  for (let i = 0; i < 5; i += 1) a.create('thing', `OpaqueRef:t${i}`, { ...thing, uuid: `u${i}` });
  await a.sync();
  const journal = join(dir, 'journal');
  const size = statSync(journal).size;
  truncateSync(journal, size - 7);
  assert.equal(readFrames(journal).payloads.length, 4);

  const b = await open(dir);
  assert.deepEqual([...b.all('thing')].map(([ref]) => ref), ['OpaqueRef:t0', 'OpaqueRef:t1', 'OpaqueRef:t2', 'OpaqueRef:t3']);
  b.create('thing', 'OpaqueRef:after', { ...thing, uuid: 'after' });
  await b.sync();
  const c = await open(dir);
  assert.equal(c.count('thing'), 5);
  assert.equal(c.has('thing', 'OpaqueRef:after'), true);
  await c.close();
});

test('a corrupt record (bad checksum) ends replay there', async (t) => {
  const dir = tempDir(t);
  const a = await open(dir);
  a.create('thing', 'OpaqueRef:t0', { ...thing, uuid: 'u0' });
  a.create('thing', 'OpaqueRef:t1', { ...thing, uuid: 'u1' });
  await a.sync();
  const journal = join(dir, 'journal');
  const bytes = readFileSync(journal);
  bytes[bytes.length - 3] = (bytes[bytes.length - 3] ?? 0) ^ 0xff;
  const { writeFileSync } = await import('node:fs');
  writeFileSync(journal, bytes);
  const b = await open(dir);
  assert.deepEqual([...b.all('thing')].map(([ref]) => ref), ['OpaqueRef:t0']);
  await b.close();
});

test('the journal is compacted into a new snapshot once it grows past the limit', async (t) => {
  const dir = tempDir(t);
  const a = await open(dir, { compactBytes: 4096 });
  for (let i = 0; i < 40; i += 1) {
    a.create('thing', `OpaqueRef:t${i}`, { ...thing, uuid: `u${i}` });
    await a.sync();
  }
  await a.compact();
  assert.ok(a.journalBytes < 4096, `journal ${a.journalBytes} bytes after compaction`);
  assert.equal((readFileSync(join(dir, 'state.db'), 'utf8').match(/<row /g) ?? []).length, 40);
  a.update('thing', 'OpaqueRef:t3', { size: 3n });
  await a.sync();
  const b = await open(dir);
  assert.equal(b.count('thing'), 40);
  assert.equal(b.get('thing', 'OpaqueRef:t3')?.['size'], 3n);
  assert.equal(b.generation, 41);
  await b.close();
});

test('a second opener is refused with the holder PID; a dead holder is taken over', async (t) => {
  const dir = tempDir(t);
  const a = await openStore(dir, { model, pid: 4242, isAlive: () => true });
  await assert.rejects(openStore(dir, { model, pid: 4343, isAlive: () => true }),
    (err: Error) => err.message.includes('in use by process 4242') && err.message.includes(dir));
  const b = await openStore(dir, { model, pid: 4343, isAlive: (pid) => pid !== 4242 });
  assert.equal(readFileSync(join(dir, 'lock'), 'utf8').trim(), '4343');
  await b.close();
  void a;
});

test('bulk() writes one snapshot instead of journalling, and sync() waits for it', async (t) => {
  const dir = tempDir(t);
  const a = await open(dir);
  const seen: number[] = [];
  a.onChange((c) => seen.push(c.generation));
  a.bulk(() => {
    for (let i = 0; i < 50; i += 1) a.create('thing', `OpaqueRef:t${i}`, { ...thing, uuid: `u${i}` });
    a.create('xenctl_account', 'OpaqueRef:acc', account);
  });
  assert.equal(seen.length, 51, 'listeners see every change');
  assert.equal(a.journalBytes, 0, 'nothing journalled');
  a.update('thing', 'OpaqueRef:t1', { size: 11n });
  await a.sync();
  // Abandoned without close(), as if killed.
  const b = await open(dir);
  assert.equal(b.count('thing'), 50);
  assert.equal(b.get('thing', 'OpaqueRef:t1')?.['size'], 11n);
  assert.deepEqual(plain(b.get('xenctl_account', 'OpaqueRef:acc')), plain(account));
  assert.equal(b.generation, 52);
  await b.close();
});

test('an unreadable state.db is refused with its path, and the lock is released', async (t) => {
  const dir = tempDir(t);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(join(dir, 'state.db'), '<database><table name="VM"><row name__label="no ref"/></table></database>');
  await assert.rejects(open(dir), (err: Error) => err.message.includes(join(dir, 'state.db')) && /without a ref/.test(err.message));
  assert.equal(existsSync(join(dir, 'lock')), false);
});

test('group commit: concurrent writers share one fsync', async (t) => {
  const dir = tempDir(t);
  const a = await open(dir);
  const writers = Array.from({ length: 50 }, async (_, i) => {
    a.create('thing', `OpaqueRef:c${i}`, { ...thing, uuid: `c${i}` });
    await a.sync();
  });
  await Promise.all(writers);
  assert.equal(a.journalFsyncs, 1, 'fifty acknowledged writes, one fsync');
  await a.sync();
  assert.equal(a.journalFsyncs, 1, 'nothing new: no fsync');
  a.update('thing', 'OpaqueRef:c1', { size: 1n });
  await a.sync();
  assert.equal(a.journalFsyncs, 2);
  await a.close();
});
