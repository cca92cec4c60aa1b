// vm migrate <vm> --to <host> [--test]: the test prints every check and exits 0 or 5 with nothing moved; the move
// updates residence and host memory (VM.migrate, or VM.pool_migrate on a plain xapi).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

type Server = ReturnType<typeof startDemoServer>;

function where(server: Server, vm: string): string {
  const ref = server.demo.vms.get(vm) ?? '';
  const host = String(server.store.get('VM', ref)?.['resident_on']);
  return [...server.demo.hosts].find(([, r]) => r === host)?.[0] ?? host;
}

async function hostFree(server: Server, host: string): Promise<bigint> {
  const r = await runCli(['host', 'get', host, 'memory-free'], { server });
  return BigInt(r.stdout.trim());
}

test('--test: db01 to host2 fails on the TPM (exit 5), nothing moves', async () => {
  const server = startDemoServer();
  const before = await hostFree(server, 'host2');
  const r = await runCli(['vm', 'migrate', 'db01', '--to', 'host2', '--test'], { server });
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stdout, /^check\thost has\tVM needs\tresult$/m);
  assert.match(r.stdout, /^tpm\tno TPM\ta TPM\tfail$/m);
  assert.match(r.stdout, /^power_state\t-\tRunning\tpass$/m);
  for (const c of ['memory', 'bandwidth', 'cpu_features', 'enabled', 'networks', 'storage']) assert.match(r.stdout, new RegExp(`^${c}\\t.*\\tpass$`, 'm'));
  assert.equal(where(server, 'db01'), 'host1');
  assert.equal(await hostFree(server, 'host2'), before);
});

test('--test: web01 to host3 passes (exit 0), nothing moves; a halted VM fails on its power state', async () => {
  const server = startDemoServer();
  const ok = await runCli(['vm', 'migrate', 'web01', '--to', 'host3', '--test'], { server });
  assert.equal(ok.code, 0, ok.stderr);
  assert.doesNotMatch(ok.stdout, /\tfail$/m);
  assert.equal(where(server, 'web01'), 'host1');
  const halted = await runCli(['vm', 'migrate', 'mail01', '--to', 'host2', '--test'], { server });
  assert.equal(halted.code, 5);
  assert.match(halted.stdout, /^power_state\t-\tRunning \(it is Halted\)\tfail$/m);
});

test('migrate: web01 moves to host3; residence and both hosts\' free memory follow; nothing printed', async () => {
  const server = startDemoServer();
  const [free1, free3] = [await hostFree(server, 'host1'), await hostFree(server, 'host3')];
  const r = await runCli(['vm', 'migrate', 'web01', '--to', 'host3'], { server });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
  assert.equal(where(server, 'web01'), 'host3');
  const mem = 4n * 1024n ** 3n;
  assert.equal(await hostFree(server, 'host1'), free1 + mem);
  assert.equal(await hostFree(server, 'host3'), free3 - mem);
  const list = await runCli(['vm', 'list', '--where', 'name-label=web01'], { server });
  assert.match(list.stdout, /^web01\tRunning\thost3\t/m);
});

test('migrate -o json prints the result; a refused move exits 1 with xapi\'s error', async () => {
  const server = startDemoServer();
  const r = await runCli(['vm', 'migrate', 'web02', '--to', 'host1', '-o', 'json'], { server });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { result: boolean; to: string };
  assert.equal(out.result, true);
  assert.equal(out.to, server.demo.hosts.get('host1'));
  const no = await runCli(['vm', 'migrate', 'db01', '--to', 'host2'], { server });
  assert.equal(no.code, 1);
  assert.match(no.stderr, /VM_INCOMPATIBLE_WITH_THIS_HOST/);
  assert.equal(where(server, 'db01'), 'host1');
});

test('migrate on a terminal shows the task\'s progress on stderr', async () => {
  const server = startDemoServer();
  const r = await runCli(['vm', 'migrate', 'test02', '--to', 'host1'], { server, isTTY: true, env: { HOME: '/nonexistent', NO_COLOR: '1' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /VM\.migrate \d+%/);
  assert.equal(where(server, 'test02'), 'host1');
});

test('plain xapi: --test uses assert_operation_valid and assert_can_boot_here, says so; the move uses pool_migrate', async () => {
  const server = startDemoServer({ extensions: false });
  const t = await runCli(['vm', 'migrate', 'web01', '--to', 'host3', '--test'], { server });
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stderr, /^xenctl: this server has no xenctl extensions \(plain xapi\): using VM\.assert_operation_valid/m);
  assert.match(t.stdout, /^operation\t-\t-\tpass$/m);
  assert.match(t.stdout, /^boot\t-\t-\tpass$/m);
  const halted = await runCli(['vm', 'migrate', 'mail01', '--to', 'host2', '--test'], { server });
  assert.equal(halted.code, 5);
  assert.match(halted.stdout, /^power_state\t-\trunning \(it is halted\)\tfail$/m);
  const full = await runCli(['vm', 'migrate', 'db01', '--to', 'host3', '--test'], { server });
  assert.equal(full.code, 5);
  assert.match(full.stdout, /^memory\t12 GiB free\t16 GiB\tfail$/m);
  assert.equal(where(server, 'web01'), 'host1');
  const m = await runCli(['vm', 'migrate', 'web01', '--to', 'host3'], { server });
  assert.equal(m.code, 0, m.stderr);
  assert.equal(m.stdout, '');
  assert.match(m.stderr, /plain xapi\): using VM\.pool_migrate/);
  assert.equal(where(server, 'web01'), 'host3');
});
