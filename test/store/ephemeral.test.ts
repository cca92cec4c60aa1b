// Ephemeral classes (the local: server's sessions): kept in memory, never journalled, never in a snapshot, so a
// process that only reads and logs in writes nothing to its state directory.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/server/store/open.js';
import { miniModel } from './mini-model.js';

const model = miniModel();
const PID = 1_000_002;
const thing = { uuid: 'a1b2c3d4-0000-4000-8000-000000000009', name_label: 'kept', mode: 'fast' };

test('records of an ephemeral class change nothing on disk; other writes still do', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-ephemeral-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await openStore(dir, { model, pid: PID, ephemeral: ['session'] });
  first.create('thing', 'OpaqueRef:t1', thing);
  await first.close();
  const db = join(dir, 'state.db');
  const before = { text: readFileSync(db, 'utf8'), mtime: statSync(db).mtimeMs };

  const second = await openStore(dir, { model, pid: PID, ephemeral: ['session'] });
  second.create('session', 'OpaqueRef:s1', { user: 'root' });
  await second.sync();
  assert.equal(statSync(join(dir, 'journal')).size, 0, 'the session is not journalled');
  assert.equal(second.get('session', 'OpaqueRef:s1')?.['user'], 'root', 'but it is there in memory');
  second.destroy('session', 'OpaqueRef:s1');
  await second.close();
  assert.equal(statSync(db).mtimeMs, before.mtime, 'closing rewrote no snapshot');
  assert.equal(readFileSync(db, 'utf8'), before.text);

  const third = await openStore(dir, { model, pid: PID, ephemeral: ['session'] });
  third.create('session', 'OpaqueRef:s2', { user: 'root' });
  third.update('thing', 'OpaqueRef:t1', { name_label: 'changed' });
  await third.close();
  const xml = readFileSync(db, 'utf8');
  assert.match(xml, /name__label="changed"/, 'a real write is still made durable');
  assert.doesNotMatch(xml, /<table name="session">|OpaqueRef:s2/, 'live sessions stay out of the snapshot');
  const fourth = await openStore(dir, { model, pid: PID });
  assert.equal(fourth.get('session', 'OpaqueRef:s2'), undefined);
  assert.equal(fourth.get('thing', 'OpaqueRef:t1')?.['name_label'], 'changed');
  await fourth.close();
});
