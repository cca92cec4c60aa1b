// host qualify: a check list for one host, a matrix over every host; exit 0 when the VM qualifies (somewhere),
// 5 when not. Plain xapi: VM.assert_can_boot_here per host and VM.get_possible_hosts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli, startDemoServer } from '../helpers/cli.js';

const server = startDemoServer();
const plain = startDemoServer({ extensions: false });
const run = (...argv: string[]) => runCli(argv, { server });
const runPlain = (...argv: string[]) => runCli(argv, { server: plain });

test('db01 qualifies on host1: every check passes, with what the host has and the VM needs', async () => {
  const r = await run('host', 'qualify', 'host1', '--vm', 'db01');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'check\thost-has\tVM-needs\tresult'.replace('host-has', 'host has').replace('VM-needs', 'VM needs'));
  assert.deepEqual(lines.slice(1).map((l) => l.split('\t')[0]), ['memory', 'tpm', 'bandwidth', 'cpu_features', 'enabled', 'networks', 'storage']);
  assert.ok(lines.slice(1).every((l) => l.endsWith('\tpass')), r.stdout);
  assert.match(r.stdout, /^tpm\ta TPM\ta TPM\tpass$/m);
  assert.match(r.stdout, /^bandwidth\t10000 Mbit\/s\t10000 Mbit\/s\tpass$/m);
  assert.equal(r.stderr, '');
});

test('db01 does not qualify on host2 (no TPM): exit 5, the reason in the tpm line', async () => {
  const r = await run('host', 'qualify', 'host2', '--vm', 'db01');
  assert.equal(r.code, 5, r.stderr);
  assert.match(r.stdout, /^tpm\tno TPM\ta TPM\tfail$/m);
  assert.match(r.stdout, /^memory\t\d+ GiB free\t16 GiB\tpass$/m);
  const json = await run('host', 'qualify', 'host2', '--vm', 'db01', '-o', 'json');
  assert.equal(json.code, 5);
  const rows = JSON.parse(json.stdout) as Array<Record<string, string>>;
  assert.deepEqual(rows.find((x) => x['check'] === 'tpm'), { check: 'tpm', host_has: 'no TPM', vm_needs: 'a TPM', result: 'fail' });
});

test('the matrix: db01 qualifies on host1 only; exit 0 because it qualifies somewhere', async () => {
  const r = await run('host', 'qualify', '--vm', 'db01');
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trimEnd().split('\n');
  assert.equal(lines[0], 'host\tmemory\ttpm\tbandwidth\tcpu-features\tenabled\tnetworks\tstorage\tqualifies');
  assert.match(r.stdout, /^host1\tpass\tpass\tpass\tpass\tpass\tpass\tpass\ttrue$/m);
  assert.match(r.stdout, /^host2\tpass\tfail\tpass\tpass\tpass\tpass\tpass\tfalse$/m);
  assert.match(r.stdout, /^host3\tfail\tpass\tfail\tpass\tpass\tpass\tpass\tfalse$/m);
  const json = await run('host', 'qualify', '--vm', 'db01', '-o', 'json');
  const rows = JSON.parse(json.stdout) as Array<{ host: string; qualifies: boolean; checks: Record<string, string> }>;
  assert.deepEqual(rows.map((x) => [x.host, x.qualifies]), [['host1', true], ['host2', false], ['host3', false]]);
  assert.equal(rows[1]?.checks['tpm'], 'fail: host has no TPM, VM needs a TPM');
});

test('the matrix exits 5 when no host qualifies', async () => {
  const own = startDemoServer();
  assert.equal((await runCli(['vm', 'set', 'db01', 'requires-cpu-features+=sgx'], { server: own })).code, 0);
  const r = await runCli(['host', 'qualify', '--vm', 'db01'], { server: own });
  assert.equal(r.code, 5, r.stderr);
  assert.doesNotMatch(r.stdout, /\ttrue$/m);
  const one = await runCli(['host', 'qualify', 'host1', '--vm', 'db01'], { server: own });
  assert.equal(one.code, 5);
  assert.match(one.stdout, /^cpu_features\t[a-z0-9_ ]+\tsgx \(missing sgx\)\tfail$/m);
});

test('the memory a VM needs is shown as the server counts it: its footprint, or requires-memory when higher', async () => {
  const own = startDemoServer();
  const needs = async (): Promise<string> => {
    const r = await runCli(['host', 'qualify', 'host1', '--vm', 'db01', '-o', 'json'], { server: own });
    return (JSON.parse(r.stdout) as Array<Record<string, string>>).find((x) => x['check'] === 'memory')?.['vm_needs'] ?? '';
  };
  assert.equal((await runCli(['vm', 'set', 'db01', 'requires-memory=1073741824'], { server: own })).code, 0);
  assert.equal(await needs(), '16 GiB');
  assert.equal((await runCli(['vm', 'set', 'db01', 'requires-memory=21474836480'], { server: own })).code, 0);
  assert.equal(await needs(), '20 GiB');
});

test('plain xapi: qualify uses VM.assert_can_boot_here, says so on stderr, takes the reason from the error', async () => {
  const ok = await runPlain('host', 'qualify', 'host1', '--vm', 'db01');
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stderr, 'xenctl: this server has no xenctl extensions (plain xapi): using VM.assert_can_boot_here on the host\n');
  assert.match(ok.stdout, /^boot\t-\t-\tpass$/m);
  const no = await runPlain('host', 'qualify', 'host3', '--vm', 'db01');
  assert.equal(no.code, 5);
  assert.match(no.stdout, /^memory\t12 GiB free\t16 GiB\tfail$/m);
});

test('plain xapi: the matrix from VM.get_possible_hosts, reasons from assert_can_boot_here', async () => {
  const r = await runPlain('host', 'qualify', '--vm', 'db01');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /plain xapi\): using VM\.get_possible_hosts and VM\.assert_can_boot_here per host/);
  assert.match(r.stdout, /^host1\ttrue\t$/m);
  assert.match(r.stdout, /^host3\tfalse\tmemory: host has 12 GiB free, VM needs 16 GiB$/m);
});

test('qualify needs --vm (usage error) and a known host (exit 1)', async () => {
  assert.equal((await run('host', 'qualify', 'host1')).code, 2);
  assert.equal((await run('host', 'qualify', 'nohost', '--vm', 'db01')).code, 1);
});
