// A server killed (kill -9) while an Async call ran leaves in its state a task that stays `pending` and a VM whose
// current_operations names that task, so every later operation on the VM fails with OTHER_OPERATION_IN_PROGRESS.
// On the next start the orphaned task is failed and the VM released. The state is written as a killed server leaves
// it (through the store, then closed), then served by runServe over real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveInProcess } from '../helpers/serve.js';
import { getModel } from '../../src/model/index.js';
import { openStore } from '../../src/server/store/open.js';
import { makeRecord, newRef } from '../../src/server/store/records.js';
import { xmlCall, valueOf, structOf } from '../helpers/server.js';


test('a task left pending by a killed server is failed on restart and its VM can move again', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-qa-orphan-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const state = join(dir, 'state');
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'sekrit\n', { mode: 0o600 });
  const args = ['--listen', '127.0.0.1:0', '--state', state, '--password-file', pw];
  const first = serveInProcess(args);
  await first.url;
  assert.equal(await first.stop(), 0);

  // What kill -9 during Async.VM.pool_migrate of web01 leaves behind.
  const model = getModel({ extensions: true });
  const store = await openStore(state, { model, pid: process.pid });
  const [webRef] = [...store.all('VM')].find(([, vm]) => vm['name_label'] === 'web01')!;
  const task = newRef();
  store.create('task', task, makeRecord(model, 'task', {
    name_label: 'Async.VM.pool_migrate', status: 'pending', progress: 0.4, allowed_operations: ['cancel'],
  }));
  store.update('VM', webRef, { current_operations: { [task]: 'pool_migrate' }, allowed_operations: [] });
  await store.sync();
  await store.close();

  const second = serveInProcess(args);
  const url = await second.url;
  const session = valueOf(await xmlCall(url, 'session.login_with_password', 'root', 'sekrit'));
  const rec = structOf(valueOf(await xmlCall(url, 'task.get_record', session, task)));
  assert.equal(rec['status'], 'failure');
  assert.ok(Array.isArray(rec['error_info']) && rec['error_info'].length > 0, 'error_info says why');
  assert.deepEqual(rec['allowed_operations'], []);
  const vm = structOf(valueOf(await xmlCall(url, 'VM.get_record', session, webRef)));
  assert.deepEqual(vm['current_operations'], {});
  assert.ok(Array.isArray(vm['allowed_operations']) && vm['allowed_operations'].includes('clean_shutdown'));
  const shutdown = await xmlCall(url, 'VM.clean_shutdown', session, webRef);
  assert.equal(shutdown.ok, true, JSON.stringify(shutdown));
  assert.equal(await second.stop(), 0);
});
