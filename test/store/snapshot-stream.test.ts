// state.db and its load cache are written a chunk (a frame) at a time: what is read back must be what was written,
// whatever the chunk boundaries, and a write that stops half-way must leave the previous files in force.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { XenStruct, XenValue } from '../../src/model/types.js';
import { getModel } from '../../src/model/index.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import { addSyntheticVms } from '../../src/server/seed/synthetic.js';
import { DbScanner, parseDb } from '../../src/server/store/dbscan.js';
import { CACHE_FILE, modelFingerprint, readCache } from '../../src/server/store/cache.js';
import { RecordCodec } from '../../src/server/store/codec.js';
import { SNAPSHOT_FILE, writeSnapshot } from '../../src/server/store/disk.js';
import { readFrames } from '../../src/server/store/journal.js';
import { openStore } from '../../src/server/store/open.js';
import { TableStore } from '../../src/server/store/table-store.js';
import type { ObjectStore } from '../../src/server/store/types.js';
import { miniModel } from './mini-model.js';
import { dumpStore } from './dump.js';

const model = miniModel();
const fingerprint = modelFingerprint(model);

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-stream-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}


/** 700 things (several cache frames), some with a private field, one row of ~1.4 MB (past a 1 MB read piece). */
function fill(store: ObjectStore): void {
  const wide = `wide ✓ Ωμέγα 🚀 <&> "q" 'a' ${'ü'.repeat(700_000)} end`;
  for (let i = 0; i < 700; i += 1) {
    const rec: Record<string, XenValue> = {
      uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, name_label: i === 350 ? wide : `thing ${i} ✓`,
      size: BigInt(i) * 9_000_000_000_000n, ratio: i / 8, enabled: i % 2 === 0, born: new Date(Date.UTC(2025, 0, 1, 0, i)),
      mode: i % 3 === 0 ? 'fast' : 'slow', owner: `OpaqueRef:${i}`, tags: [`t${i}`, 'ü'], other_config: { k: `v${i}` },
    };
    // A field the model lacks on every tenth row splits the cache into frames of different fields.
    if (i % 10 === 0) rec['private_note'] = `note ${i}`;
    store.create('thing', `OpaqueRef:${i}`, rec);
  }
}

test('a state written in chunks reads back the same through its load cache and through state.db', async (t) => {
  const dir = tempDir(t);
  const a = await openStore(dir, { model, pid: 1 });
  a.bulk(() => fill(a));
  const expected = dumpStore(a);
  await a.close();
  assert.ok(statSync(join(dir, SNAPSHOT_FILE)).size > 1_500_000, 'longer than a write chunk and a read piece');
  const cached = readCache(dir, join(dir, SNAPSHOT_FILE), fingerprint);
  assert.ok(cached !== undefined, 'the cache matches the snapshot');
  assert.equal(cached.classes.reduce((n, c) => n + c.rows, 0), 700);
  const viaCache = await openStore(dir, { model, pid: 1 });
  assert.deepEqual(dumpStore(viaCache), expected);
  await viaCache.close();
  unlinkSync(join(dir, CACHE_FILE));
  const viaXml = await openStore(dir, { model, pid: 1 });
  assert.deepEqual(dumpStore(viaXml), expected);
  await viaXml.close();
});

test('a load cache cut short or damaged anywhere is ignored as a whole, and state.db is read instead', async (t) => {
  const dir = tempDir(t);
  const a = await openStore(dir, { model, pid: 1 });
  a.bulk(() => fill(a));
  const expected = dumpStore(a);
  await a.close();
  const cache = join(dir, CACHE_FILE);
  const good = join(dir, 'good.cache');
  copyFileSync(cache, good);
  const size = statSync(good).size;
  for (const cut of [1, 7, 8, 100, Math.floor(size / 3), Math.floor(size / 2), size - 20, size - 1]) {
    copyFileSync(good, cache);
    truncateSync(cache, cut);
    assert.equal(readCache(dir, join(dir, SNAPSHOT_FILE), fingerprint), undefined, `cut at ${cut} of ${size}`);
  }
  const damaged = readFileSync(good);
  const mid = Math.floor(size / 2);
  damaged.writeUInt8(damaged.readUInt8(mid) ^ 0x20, mid);
  writeFileSync(cache, damaged);
  assert.equal(readCache(dir, join(dir, SNAPSHOT_FILE), fingerprint), undefined, 'a flipped bit');
  const b = await openStore(dir, { model, pid: 1 });
  assert.deepEqual(dumpStore(b), expected);
  await b.close();
});

/** A store whose rows run out half-way through a snapshot, as a crash or a full disk would stop it. */
class FailingStore extends TableStore {
  failAfter = Infinity;
  override all(cls: string): IterableIterator<[string, XenStruct]> {
    const rows = super.all(cls);
    let n = 0;
    const self = this;
    return (function* () {
      for (const row of rows) {
        if (++n > self.failAfter) throw new Error('disk full');
        yield row;
      }
    })();
  }
}

test('a snapshot write stopped half-way leaves the previous state.db and cache in force', async (t) => {
  const dir = tempDir(t);
  const a = await openStore(dir, { model, pid: 1 });
  a.bulk(() => fill(a));
  const expected = dumpStore(a);
  await a.close();
  const before = readFileSync(join(dir, SNAPSHOT_FILE));
  const cacheBefore = readFileSync(join(dir, CACHE_FILE));

  const other = new FailingStore();
  fill(other);
  other.update('thing', 'OpaqueRef:1', { name_label: 'changed' });
  other.failAfter = 500;
  assert.throws(() => writeSnapshot(other, new RecordCodec(model), dir, fingerprint), /disk full/);
  assert.deepEqual(readFileSync(join(dir, SNAPSHOT_FILE)), before, 'state.db untouched');
  assert.deepEqual(readFileSync(join(dir, CACHE_FILE)), cacheBefore, 'state.cache untouched');
  assert.ok(existsSync(join(dir, `${SNAPSHOT_FILE}.tmp`)), 'the torn write is left in the temp file');
  const b = await openStore(dir, { model, pid: 1 });
  assert.deepEqual(dumpStore(b), expected);
  await b.close();
});

test('the load cache names each field once per frame: 300 synthetic VMs cache in under half the XML', async (t) => {
  const full = getModel();
  const dir = tempDir(t);
  const store = await openStore(dir, { model: full, pid: 1 });
  seedDemoPool(store, full, { guestFiles: false });
  addSyntheticVms(store, full, 300);
  await store.close();
  const db = statSync(join(dir, SNAPSHOT_FILE)).size;
  const cache = statSync(join(dir, CACHE_FILE)).size;
  assert.ok(cache < db * 0.55, `cache ${cache} bytes, state.db ${db} bytes`);
  const again = await openStore(dir, { model: full, pid: 1 });
  assert.equal(again.count('VM'), 17 + 300);
  await again.close();
});

test('state.db read in pieces split anywhere scans the same as whole', () => {
  const doc = `<?xml version="1.0"?><database>\n<manifest><pair key="generation_count" value="7"/></manifest>\n` +
    `<!-- a comment > with a bracket --><table name="VM">\n<row ref="OpaqueRef:1" name__label="caf\u00e9 &amp; &lt;b&gt; \u2713" ` +
    `tags="('a' 'b')"/>\n<row ref='OpaqueRef:2' other_config="(('k' 'v'))" /></table><table name="empty"/>\n</database>\n`;
  const whole = parseDb(doc);
  for (let cut = 1; cut < doc.length; cut += 1) {
    const seen: unknown[] = [];
    const scanner = new DbScanner({
      pair: (k, v) => seen.push(['pair', k, v]),
      table: (name) => seen.push(['table', name]),
      row: (cls, ref, attrs) => seen.push(['row', cls, ref, [...attrs]]),
    }, true);
    const rest = doc.slice(0, cut).slice(scanner.feed(doc.slice(0, cut), false));
    scanner.feed(rest + doc.slice(cut), true);
    const rows = whole.tables.flatMap((t) => t.rows.map((r) => ['row', t.name, r.ref, r.columns.flat()]));
    assert.deepEqual(seen.filter((e) => (e as unknown[])[0] === 'row'), rows, `split at ${cut}`);
    assert.deepEqual(seen.filter((e) => (e as unknown[])[0] === 'table').length, 2, `split at ${cut}`);
    assert.deepEqual(seen[0], ['pair', 'generation_count', '7'], `split at ${cut}`);
  }
  assert.equal(whole.tables[0]?.rows[0]?.columns[0]?.[1], 'caf\u00e9 & <b> \u2713');
});

test('a journal longer than a read piece, with a record larger than one, replays whole', async (t) => {
  const dir = tempDir(t);
  const a = await openStore(dir, { model, pid: 1, compactBytes: 1 << 30 });
  const big = `big ✓ ${'é'.repeat(700_000)}`;
  for (let i = 0; i < 3000; i += 1) {
    a.create('thing', `OpaqueRef:${i}`, { uuid: `u${i}`, name_label: i === 1500 ? big : `thing ${i} ${'x'.repeat(i % 700)}` });
  }
  a.update('thing', 'OpaqueRef:7', { size: 7n, tags: ['a', 'b'] });
  await a.sync();
  const journal = join(dir, 'journal');
  assert.ok(statSync(journal).size > 2_000_000, `several read pieces: ${statSync(journal).size}`);
  const frames = readFrames(journal);
  assert.equal(frames.payloads.length, 3001);
  assert.equal(frames.validLength, statSync(journal).size);
  // No close(): as if the process died; the same PID in the lock file counts as stale.
  const b = await openStore(dir, { model, pid: 1 });
  assert.equal(b.count('thing'), 3000);
  assert.equal(b.get('thing', 'OpaqueRef:1500')?.['name_label'], big);
  assert.equal(b.get('thing', 'OpaqueRef:2999')?.['name_label'], `thing 2999 ${'x'.repeat(2999 % 700)}`);
  assert.equal(b.get('thing', 'OpaqueRef:7')?.['size'], 7n);
  assert.equal(b.generation, 3001);
  await b.close();
});
