// After --import-db, xenctl's host capability extensions (memory_total, memory_free, cpu_count) describe the
// imported host (from host_metrics and cpu_info), not the model's zero defaults: `xenctl host list` on a real dump
// otherwise shows memory-total 0 and cpu-count 0 until the first VM moves. runServe in-process, real HTTP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveInProcess } from '../helpers/serve.js';
import { xmlCall, valueOf, structOf } from '../helpers/server.js';

const fixture = fileURLToPath(new URL('../../../test/fixtures/db/small-pool.xml', import.meta.url));


test('imported hosts carry memory_total, memory_free and cpu_count from the dump', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-qa-import-caps-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const pw = join(dir, 'pw');
  writeFileSync(pw, 'sekrit\n', { mode: 0o600 });
  const s = serveInProcess(['--listen', '127.0.0.1:0', '--state', join(dir, 'state'), '--password-file', pw, '--import-db', fixture]);
  const url = await s.url;
  const session = valueOf(await xmlCall(url, 'session.login_with_password', 'root', 'sekrit'));
  const hosts = structOf(valueOf(await xmlCall(url, 'host.get_all_records', session)));
  const [ref, host] = Object.entries(hosts).map(([r, h]) => [r, structOf(h)] as const)[0]!;
  assert.equal(String(host['memory_total']), '34359738368');
  assert.equal(String(host['cpu_count']), '8', 'from cpu_info');
  const free = BigInt(String(host['memory_free']));
  assert.ok(free > 0n && free <= 34359738368n, `memory_free ${free}`);
  assert.equal(String(valueOf(await xmlCall(url, 'host.compute_free_memory', session, ref))), String(free));
  assert.equal(await s.stop(), 0);
});
