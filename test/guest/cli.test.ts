// `xenctl vm clone` and `xenctl vdi cat` in-process against the embedded `local:` server (real files in a temp
// XDG data dir), and against a server without the extension.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getModel } from '../../src/model/index.js';
import { openMemoryStore } from '../../src/server/store/memory.js';
import { createXapi } from '../../src/server/xapi.js';
import { seedDemoPool } from '../../src/server/seed/demo.js';
import { runCli, tempHome, type CliServer, type RunOptions } from '../helpers/cli.js';
import { startGuestServer, type GuestServer } from './harness.js';

const FIX = fileURLToPath(new URL('../../../test/fixtures/guest/', import.meta.url));

/** The in-process demo server (guest files in a temp dir) as runCli's target. */
function target(s: GuestServer): RunOptions {
  return { server: { model: getModel(), store: s.store, xapi: s.xapi } as unknown as CliServer };
}

async function ok(env: RunOptions, ...argv: string[]): Promise<string> {
  const r = await runCli(['-q', ...argv], env);
  assert.equal(r.code, 0, `${argv.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** The uuid of the VM's root disk, through the CLI. */
async function rootDisk(env: RunOptions, vm: string): Promise<string> {
  const vbds = JSON.parse(await ok(env, 'vm', 'get', vm, 'VBDs', '-o', 'json')) as string[];
  for (const vbd of vbds) {
    if ((await ok(env, 'vbd', 'get', vbd, 'type')).trim() !== 'Disk') continue;
    const vdi = (await ok(env, 'vbd', 'get', vbd, 'VDI')).trim();
    return (await ok(env, 'vdi', 'get', vdi, 'uuid')).trim();
  }
  return assert.fail(`no disk on ${vm}`);
}

const cat = (env: RunOptions, vdi: string, path: string): Promise<string> => ok(env, 'vdi', 'cat', vdi, path);
const mac = async (env: RunOptions, vm: string): Promise<string> => {
  const vif = (JSON.parse(await ok(env, 'vm', 'get', vm, 'VIFs', '-o', 'json')) as string[])[0] ?? '';
  return (await ok(env, 'vif', 'get', vif, 'MAC')).trim();
};

test('--customize spec.yaml on local: every kind lands in the clone, none in the source', async () => {
  const env = { env: tempHome() };
  const src = await rootDisk(env, 'mail01');
  // The guest files are real files under the state directory: read the source's there, before and after.
  const srcDir = join(env.env['XDG_DATA_HOME'] ?? '', 'xenctl', 'local', 'vdi', src);
  const paths = ['etc/hostname', 'etc/hosts', 'etc/motd', 'etc/network/interfaces', 'etc/machine-id', 'etc/ssh/ssh_host_ed25519_key.pub'];
  const before = new Map(paths.map((p) => [p, readFileSync(join(srcDir, p), 'utf8')]));
  const out = await ok(env, 'vm', 'clone', 'mail01', 'mail02', '--customize', join(FIX, 'spec.yaml'), '-o', 'json');
  assert.match(out, /"uuid"/);
  const disk = await rootDisk(env, 'mail02');
  assert.equal(await cat(env, disk, '/etc/hostname'), 'mail02\n');
  const hosts = await cat(env, disk, '/etc/hosts');
  assert.match(hosts, /^10\.0\.0\.9\tbackup\.demo\.example backup$/m, 'the patch applied');
  assert.match(hosts, /^10\.0\.0\.5\tmail02\.demo\.example mail02$/m, 'renamed and readdressed');
  assert.equal(await cat(env, disk, '/etc/motd'), readFileSync(join(FIX, 'motd'), 'utf8'));
  assert.match(await cat(env, disk, '/etc/network/interfaces'), /address 10\.0\.0\.5\/24\n\tgateway 10\.0\.0\.1\n\tdns-nameservers 10\.0\.0\.2 10\.0\.0\.3\n/);
  assert.notEqual(await cat(env, disk, '/etc/machine-id'), before.get('etc/machine-id'));
  assert.match(await cat(env, disk, '/etc/ssh/ssh_host_ed25519_key.pub'), /root@mail02\n$/);
  assert.equal(await mac(env, 'mail02'), await mac(env, 'mail01'), 'mac: keep');
  for (const [p, text] of before) assert.equal(readFileSync(join(srcDir, p), 'utf8'), text, `source /${p}`);
  assert.equal(await cat(env, src, '/etc/hostname'), 'mail01\n');
});

test('inline flags: --replace is binary-safe, --patch takes the guest path from its headers, --mac sets the MAC', async (t) => {
  const s = startGuestServer();
  t.after(() => s.close());
  const env = target(s);
  const work = mkdtempSync(join(tmpdir(), 'xenctl-clone-'));
  const blob = Buffer.from([0, 255, 1, 254, 10, 0x80, 0xc3]);
  writeFileSync(join(work, 'blob.bin'), blob);
  await ok(env, 'vm', 'clone', 'mail01', 'mail03', '--hostname', 'mail03', '--ip', '10.1.0.5/16', '--gateway', '10.1.0.1',
    '--dns', '9.9.9.9', '--mac', '02:00:00:aa:bb:cc', '--replace', `${join(work, 'blob.bin')}:/opt/blob.bin`,
    '--patch', join(FIX, 'hosts.diff'), '--reset');
  const disk = await rootDisk(env, 'mail03');
  assert.deepEqual(readFileSync(join(s.dir, disk, 'opt', 'blob.bin')), blob);
  assert.match(await cat(env, disk, '/etc/hosts'), /backup\.demo\.example/);
  assert.match(await cat(env, disk, '/etc/network/interfaces'), /address 10\.1\.0\.5\/16\n\tgateway 10\.1\.0\.1\n\tdns-nameservers 9\.9\.9\.9\n/);
  assert.equal(await mac(env, 'mail03'), '02:00:00:aa:bb:cc');
  const src = await rootDisk(env, 'mail01');
  assert.deepEqual(readdirSync(join(s.dir, src)).sort(), ['etc']);
});

test('a patch that does not apply: exit 1, a clear error, no VM, no disk, no files', async (t) => {
  const s = startGuestServer();
  t.after(() => s.close());
  const env = target(s);
  const vdis = readdirSync(s.dir).sort();
  const count = (await ok(env, 'vdi', 'list', '-o', 'minimal')).split(',').length;
  const r = await runCli(['-q', 'vm', 'clone', 'mail01', 'broken', '--hostname', 'broken', '--patch', join(FIX, 'stale.diff')], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /VALUE_NOT_SUPPORTED patch:\/etc\/hosts .*does not apply/);
  assert.equal((await ok(env, 'vm', 'list', '--where', 'name-label=broken', '-o', 'minimal')).trim(), '');
  assert.equal((await ok(env, 'vdi', 'list', '-o', 'minimal')).split(',').length, count);
  assert.deepEqual(readdirSync(s.dir).sort(), vdis);
});

test('--dry-run prints a diff per guest file and the call, and changes nothing', async (t) => {
  const s = startGuestServer();
  t.after(() => s.close());
  const env = target(s);
  const vdis = readdirSync(s.dir).sort();
  const out = await ok(env, 'vm', 'clone', 'mail01', 'preview', '--customize', join(FIX, 'spec.yaml'), '--dry-run');
  assert.match(out, /^--- a\/etc\/hostname\n\+\+\+ b\/etc\/hostname\n@@ -1,1 \+1,1 @@\n-mail01\n\+mail02\n/m);
  assert.match(out, /^\+Welcome to mail02, cloned by xenctl\.$/m);
  assert.match(out, /^\+10\.0\.0\.9\tbackup\.demo\.example backup$/m);
  assert.match(out, /^# VIF 0: the source's MAC$/m);
  // reset makes random values on the server: the diff names them rather than showing ones the clone will not get
  assert.match(out, /^--- a\/etc\/machine-id\n\+\+\+ b\/etc\/machine-id\n@@ -1,1 \+1,1 @@\n-[0-9a-f]{32}\n\+<a new random machine-id>\n/m);
  assert.match(out, /^\+ssh-ed25519 <a new random key> root@mail02$/m);
  assert.match(out, /^# \/etc\/ssh\/ssh_host_ed25519_key: private key replaced \(content not shown\)$/m);
  assert.match(out, /^VM\.clone OpaqueRef:\S+ preview /m);
  assert.equal((await ok(env, 'vm', 'list', '--where', 'name-label=preview', '-o', 'minimal')).trim(), '');
  assert.deepEqual(readdirSync(s.dir).sort(), vdis);
});

test('--customize with no spec file and no terminal is a usage error; a bad spec key is named', async () => {
  const env = { env: tempHome() };
  const r = await runCli(['vm', 'clone', 'mail01', 'x', '--customize'], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /terminal/);
  const work = mkdtempSync(join(tmpdir(), 'xenctl-clone-'));
  writeFileSync(join(work, 'bad.yaml'), 'hostname: x\ncolour: blue\n');
  const bad = await runCli(['vm', 'clone', 'mail01', 'x', '--customize', join(work, 'bad.yaml')], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown key 'colour'/);
  writeFileSync(join(work, 'broken.yaml'), 'hostname: [a, b\n');
  const broken = await runCli(['vm', 'clone', 'mail01', 'x', '--customize', join(work, 'broken.yaml')], env);
  assert.equal(broken.code, 2);
  assert.match(broken.stderr, /^xenctl: cannot read the customization spec \S+broken\.yaml: [^\n]*\d\n$/m);
});

test('a server without the extension: MAC and IPv4 through XenAPI setters; guest files refused by name', async () => {
  const model = getModel({ extensions: false });
  const store = openMemoryStore();
  const pool = seedDemoPool(store, model, { guestFiles: false });
  const xapi = createXapi({ model, store, settings: { authFailureDelayMs: 0 } });
  const server = { model, store, xapi } as unknown as CliServer;
  const vms = (): number => store.count('VM');
  const before = vms();
  const refused = await runCli(['vm', 'clone', 'mail01', 'm2', '--hostname', 'm2', '--dns', '1.1.1.1'], { server });
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /NOT_IMPLEMENTED .*hostname, vif\/0\/dns.*cloud-init/);
  assert.equal(vms(), before);
  const done = await runCli(['-o', 'json', 'vm', 'clone', 'mail01', 'm3', '--mac', 'keep', '--ip', '10.0.0.5/24', '--gateway', '10.0.0.1'], { server });
  assert.equal(done.code, 0, done.stderr);
  assert.equal(done.stderr, "xenctl: this server has no xenctl extensions (plain xapi): VM.clone, then XenAPI's own calls for the MACs and IPv4 settings (VIF.create, VIF.configure_ipv4)\n");
  const ref = (JSON.parse(done.stdout) as { ref: string }).ref;
  const vifOf = (vm: string): Record<string, unknown> => {
    const vif = (store.get('VM', vm)?.['VIFs'] as string[])[0] ?? '';
    return store.get('VIF', vif) as Record<string, unknown>;
  };
  const source = pool.vms.get('mail01') ?? '';
  assert.equal(vifOf(ref)['MAC'], vifOf(source)['MAC']);
  assert.equal(vifOf(ref)['ipv4_configuration_mode'], 'Static');
  assert.deepEqual(vifOf(ref)['ipv4_addresses'], ['10.0.0.5/24']);
  assert.equal(vifOf(ref)['ipv4_gateway'], '10.0.0.1');
  assert.equal(vifOf(source)['ipv4_configuration_mode'], 'None');
  const dry = await runCli(['vm', 'clone', 'mail01', 'm4', '--mac', '02:00:00:00:00:09', '--dry-run'], { server });
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^# VIF 0: VIF\.destroy \+ VIF\.create with MAC 02:00:00:00:00:09$/m);
  assert.match(dry.stdout, /^VM\.clone OpaqueRef:\S+ m4$/m);
  const dryIp = await runCli(['vm', 'clone', 'mail01', 'm4', '--ip', '10.0.0.6/24', '--dry-run'], { server });
  assert.match(dryIp.stdout, /^# VIF 0: VIF\.configure_ipv4 Static 10\.0\.0\.6\/24\n/m);
  const vbd = (store.get('VM', source)?.['VBDs'] as string[])[0] ?? '';
  const cat = await runCli(['vdi', 'cat', store.get('VBD', vbd)?.['VDI'] as string, '/etc/hostname'], { server });
  assert.equal(cat.code, 1);
  assert.match(cat.stderr, /NOT_IMPLEMENTED VDI\.get_file .*no xenctl guest extension/);
});

test('vdi cat on a disk with no guest filesystem: VDI_NOT_AVAILABLE, and a line saying why', async () => {
  const env = { env: tempHome() };
  const r = await runCli(['-q', 'vdi', 'cat', 'Suspend image for build01', '/etc/hostname'], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /no guest filesystem/);
  assert.match(r.stderr, /VDI_NOT_AVAILABLE OpaqueRef:/);
});
