// The reference server raises messages for notable events (issue 12): a VM rebooted, a migration finished, a
// qualification that failed, a host low on memory; `xenctl message list` shows them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

type Server = ReturnType<typeof startDemoServer>;

interface Msg {
  readonly name: string;
  readonly priority: number;
  readonly cls: string;
  readonly obj_uuid: string;
  readonly body: string;
}

async function messages(server: Server): Promise<Msg[]> {
  const r = await runCli(['message', 'list', '-o', 'json'], { server });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Msg[];
}

function uuid(server: Server, cls: string, ref: string | undefined): string {
  return String(server.store.get(cls, ref ?? '')?.['uuid']);
}

async function ok(server: Server, argv: string[], code = 0): Promise<void> {
  const r = await runCli(argv, { server });
  assert.equal(r.code, code, `${argv.join(' ')}: ${r.stderr}`);
}

test('a migration and a reboot each raise a message about the VM', async () => {
  const server = startDemoServer();
  await ok(server, ['vm', 'migrate', 'web01', '--to', 'host2']);
  await ok(server, ['vm', 'clean-reboot', 'web01']);
  await ok(server, ['vm', 'hard-reboot', 'web01']);
  const web01 = uuid(server, 'VM', server.demo.vms.get('web01'));
  const mine = (await messages(server)).filter((m) => m.obj_uuid === web01);
  assert.deepEqual(mine.map((m) => m.name), ['VM_MIGRATED', 'VM_REBOOTED', 'VM_REBOOTED']);
  assert.equal(mine[0]?.cls, 'VM');
  assert.match(mine[0]?.body ?? '', /from host1 to host2/);
});

test('a failed qualification raises one message naming the failed checks (not one per query)', async () => {
  const server = startDemoServer();
  await ok(server, ['host', 'qualify', 'host1', '--vm', 'db01']);
  assert.deepEqual(await messages(server), []);
  await ok(server, ['vm', 'migrate', 'db01', '--to', 'host2', '--test'], 5);
  await ok(server, ['host', 'qualify', 'host2', '--vm', 'db01'], 5);
  const failed = (await messages(server)).filter((m) => m.name === 'VM_QUALIFICATION_FAILED');
  assert.equal(failed.length, 1);
  assert.equal(failed[0]?.obj_uuid, uuid(server, 'VM', server.demo.vms.get('db01')));
  assert.match(failed[0]?.body ?? '', /host2: tpm: host has no TPM, VM needs a TPM/);
});

test('a host raises HOST_LOW_MEMORY once when its free memory falls under a tenth', async () => {
  const server = startDemoServer();
  // host3: 16 GiB, 12 GiB free; dev01 (8 GiB) and test05 (2 GiB) leave 2 GiB, test02 (2 GiB) leaves none.
  await ok(server, ['vm', 'start-on', 'dev01', '--host', 'host3']);
  await ok(server, ['vm', 'start-on', 'test05', '--host', 'host3']);
  assert.equal((await messages(server)).filter((m) => m.name === 'HOST_LOW_MEMORY').length, 0);
  await ok(server, ['vm', 'migrate', 'test02', '--to', 'host3']);
  await ok(server, ['vm', 'hard-reboot', 'test02']);
  const low = (await messages(server)).filter((m) => m.name === 'HOST_LOW_MEMORY');
  assert.equal(low.length, 1);
  assert.equal(low[0]?.cls, 'Host');
  assert.equal(low[0]?.obj_uuid, uuid(server, 'host', server.demo.hosts.get('host3')));
});
