import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../../src/server/store/open.js';

const writer = fileURLToPath(new URL('./crash-writer.js', import.meta.url));

test('kill -9 during concurrent writes loses no acknowledged write; the live holder keeps the lock', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-crash-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [writer, dir, '6'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if ((out.match(/^ack /gm) ?? []).length >= 600) resolve();
    });
    child.on('close', (code) => reject(new Error(`writer exited early (${String(code)})`)));
  });

  await assert.rejects(openStore(dir, { pid: 999_999_999 }),
    (err: Error) => err.message.includes(`in use by process ${String(child.pid)}`));

  child.kill('SIGKILL');
  await exited;
  const acked = new Map<number, number>();
  for (const line of out.split('\n')) {
    const m = /^ack (\d+) (\d+)$/.exec(line);
    if (m === null) continue;
    const id = Number(m[1]);
    acked.set(id, Math.max(acked.get(id) ?? 0, Number(m[2])));
  }
  assert.ok(acked.size === 6, 'every writer loop acknowledged writes');

  const store = await openStore(dir, { pid: 999_999_999 });
  for (const [id, last] of acked) {
    for (let i = 1; i <= last; i += 1) {
      const rec = store.get('xenctl_item', `OpaqueRef:w${id}-${i}`);
      assert.ok(rec !== undefined, `acknowledged write w${id}-${i} is present`);
      assert.equal(rec['n'], BigInt(i), 'typed private field survives');
    }
    const counter = store.get('xenctl_counter', `OpaqueRef:counter-${id}`)?.['n'];
    assert.ok(typeof counter === 'bigint' && counter >= BigInt(last), `counter ${id} at least ${last}`);
  }
  await store.close();
});
