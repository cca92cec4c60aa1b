// VM.clone's customization on the reference server: each kind lands in the clone's files and not the source's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createPatch } from 'diff';
import { startGuestServer } from './harness.js';

const HALTED = 'mail01';

test('a plain clone copies the guest files as real files under the state directory', async () => {
  const s = startGuestServer();
  try {
    const clone = (await s.ok('VM.clone', s.vm(HALTED), 'copy1')) as string;
    const uuid = s.get('VDI', s.rootVdi(clone))['uuid'] as string;
    assert.equal(readFileSync(join(s.dir, uuid, 'etc', 'hostname'), 'utf8'), 'mail01\n');
    assert.equal(statSync(join(s.dir, uuid, 'etc', 'ssh', 'ssh_host_ed25519_key')).mode & 0o777, 0o600);
    assert.equal(await s.file(clone, '/etc/machine-id'), await s.file(s.vm(HALTED), '/etc/machine-id'));
  } finally {
    s.close();
  }
});

test('hostname, network and identity reset change the clone only', async () => {
  const s = startGuestServer();
  try {
    const src = s.vm(HALTED);
    const before = new Map<string, string>();
    for (const p of ['/etc/hostname', '/etc/hosts', '/etc/network/interfaces', '/etc/machine-id', '/etc/ssh/ssh_host_ed25519_key', '/etc/ssh/ssh_host_ed25519_key.pub']) {
      before.set(p, await s.file(src, p));
    }
    const clone = (await s.ok('VM.clone', src, 'mail02', {
      hostname: 'mail02', 'vif/0/ip': '10.0.0.5/24', 'vif/0/gateway': '10.0.0.1', 'vif/0/dns': '10.0.0.2,10.0.0.3',
      reset: 'machine-id,ssh-host-keys',
    })) as string;
    assert.equal(await s.file(clone, '/etc/hostname'), 'mail02\n');
    const hosts = await s.file(clone, '/etc/hosts');
    assert.match(hosts, /^10\.0\.0\.5\tmail02\.demo\.example mail02$/m);
    assert.doesNotMatch(hosts, /mail01/);
    const ifaces = await s.file(clone, '/etc/network/interfaces');
    assert.match(ifaces, /iface eth0 inet static\n\taddress 10\.0\.0\.5\/24\n\tgateway 10\.0\.0\.1\n\tdns-nameservers 10\.0\.0\.2 10\.0\.0\.3\n/);
    assert.match(ifaces, /^allow-hotplug eth0$/m);
    const id = await s.file(clone, '/etc/machine-id');
    assert.match(id, /^[0-9a-f]{32}\n$/);
    assert.notEqual(id, before.get('/etc/machine-id'));
    const pub = await s.file(clone, '/etc/ssh/ssh_host_ed25519_key.pub');
    assert.match(pub, /^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5\S+ root@mail02\n$/);
    assert.notEqual(pub, before.get('/etc/ssh/ssh_host_ed25519_key.pub'));
    assert.match(await s.file(clone, '/etc/ssh/ssh_host_ed25519_key'), /^-----BEGIN OPENSSH PRIVATE KEY-----\n/);
    for (const [p, text] of before) assert.equal(await s.file(src, p), text, `${p} of the source changed`);
  } finally {
    s.close();
  }
});

test('a DHCP interface needs an address before a gateway, and becomes static with one', async () => {
  const s = startGuestServer();
  try {
    const src = s.vm('Debian 12');
    assert.match(await s.file(src, '/etc/network/interfaces'), /iface eth0 inet dhcp/);
    const r = await s.call('VM.clone', src, 'gw-only', { 'vif/0/gateway': '10.0.0.1' });
    assert.deepEqual(r.ok ? [] : r.error.slice(0, 2), ['VALUE_NOT_SUPPORTED', 'vif/0/gateway']);
    const clone = (await s.ok('VM.clone', src, 'app01', { hostname: 'app01', 'vif/0/ip': '10.0.0.7/24', 'vif/0/gateway': '10.0.0.1' })) as string;
    assert.match(await s.file(clone, '/etc/network/interfaces'), /iface eth0 inet static\n\taddress 10\.0\.0\.7\/24\n\tgateway 10\.0\.0\.1\n/);
    assert.match(await s.file(clone, '/etc/hosts'), /^10\.0\.0\.7\tapp01$/m);
    assert.match(await s.file(src, '/etc/network/interfaces'), /iface eth0 inet dhcp/);
  } finally {
    s.close();
  }
});

test('MACs: new by default, kept on request, or the one given', async () => {
  const s = startGuestServer();
  try {
    const src = s.vm(HALTED);
    const macOf = (vm: string): string => s.get('VIF', (s.get('VM', vm)['VIFs'] as string[])[0] ?? '')['MAC'] as string;
    const srcMac = macOf(src);
    const fresh = macOf((await s.ok('VM.clone', src, 'a')) as string);
    assert.notEqual(fresh, srcMac);
    assert.equal((parseInt(fresh.slice(0, 2), 16) & 0x03), 0x02, 'locally administered unicast');
    assert.equal(macOf((await s.ok('VM.clone', src, 'b', { 'vif/0/mac': 'keep' })) as string), srcMac);
    assert.equal(macOf((await s.ok('VM.clone', src, 'c', { 'vif/0/mac': '02:AA:bb:cc:dd:ee' })) as string), '02:aa:bb:cc:dd:ee');
    assert.equal(macOf(src), srcMac);
    const bad = await s.fails('VM.clone', src, 'd', { 'vif/0/mac': '01:00:5e:00:00:01' });
    assert.deepEqual(bad.slice(0, 2), ['VALUE_NOT_SUPPORTED', 'vif/0/mac']);
    assert.deepEqual((await s.fails('VM.clone', src, 'e', { 'vif/7/mac': 'keep' })).slice(0, 2), ['VALUE_NOT_SUPPORTED', 'vif/7/mac']);
  } finally {
    s.close();
  }
});

test('replaced files are binary-safe; patches apply; both only on the clone', async () => {
  const s = startGuestServer();
  try {
    const src = s.vm(HALTED);
    const blob = Buffer.from([0, 1, 2, 255, 254, 10, 13, 0x80]);
    const hosts = await s.file(src, '/etc/hosts');
    const patched = hosts.replace('localhost\n', 'localhost\n10.9.9.9\tbackup\n');
    const diff = createPatch('/etc/hosts', hosts, patched);
    const clone = (await s.ok('VM.clone', src, 'files', {
      'file:/usr/local/bin/blob': blob.toString('base64'), 'file:/etc/motd': Buffer.from('hello\n').toString('base64'),
      'patch:/etc/hosts': diff,
    })) as string;
    const got = Buffer.from((await s.ok('VDI.get_file', s.rootVdi(clone), '/usr/local/bin/blob')) as string, 'base64');
    assert.deepEqual(got, blob);
    assert.equal(await s.file(clone, '/etc/motd'), 'hello\n');
    assert.equal(await s.file(clone, '/etc/hosts'), patched);
    assert.equal(await s.file(src, '/etc/hosts'), hosts);
    assert.notEqual(await s.file(src, '/etc/motd'), 'hello\n');
    const missing = await s.fails('VDI.get_file', s.rootVdi(src), '/usr/local/bin/blob');
    assert.equal(missing[0], 'VALUE_NOT_SUPPORTED');
  } finally {
    s.close();
  }
});

test('a patch that does not apply leaves no VM, VDI, VIF, VBD or file behind', async () => {
  const s = startGuestServer();
  try {
    const counts = (): number[] => ['VM', 'VDI', 'VBD', 'VIF', 'VM_metrics'].map((c) => s.store.count(c));
    const before = counts();
    const dirs = readdirSync(s.dir).sort();
    const bad = '--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1,1 +1,1 @@\n-no such line\n+replacement\n';
    const err = await s.fails('VM.clone', s.vm(HALTED), 'broken', { hostname: 'broken', 'patch:/etc/hosts': bad });
    assert.deepEqual(err.slice(0, 2), ['VALUE_NOT_SUPPORTED', 'patch:/etc/hosts']);
    assert.match(err[3] ?? '', /does not apply/);
    assert.deepEqual(counts(), before);
    assert.deepEqual(readdirSync(s.dir).sort(), dirs);
    assert.deepEqual(await s.ok('VM.get_by_name_label', 'broken'), []);
  } finally {
    s.close();
  }
});

test('a failure while committing the files destroys the clone it made', async () => {
  const s = startGuestServer();
  try {
    const counts = (): number[] => ['VM', 'VDI', 'VBD', 'VIF'].map((c) => s.store.count(c));
    const before = counts();
    const dirs = readdirSync(s.dir).sort();
    const commit = s.guestFs.commit.bind(s.guestFs);
    (s.guestFs as { commit: typeof commit }).commit = () => {
      throw new Error('disk full');
    };
    const err = await s.fails('VM.clone', s.vm(HALTED), 'doomed', { hostname: 'doomed' });
    assert.equal(err[0], 'INTERNAL_ERROR');
    (s.guestFs as { commit: typeof commit }).commit = commit;
    assert.deepEqual(counts(), before);
    assert.deepEqual(readdirSync(s.dir).sort(), dirs);
  } finally {
    s.close();
  }
});

test('guest paths are checked: no relative paths, no .., no unknown keys', async () => {
  const s = startGuestServer();
  try {
    const src = s.vm(HALTED);
    const b64 = Buffer.from('x').toString('base64');
    for (const key of ['file:etc/motd', 'file:/etc/../../escape', 'file:/etc//motd', 'file:/etc/']) {
      const err = await s.fails('VM.clone', src, 'p', { [key]: b64 });
      assert.deepEqual(err.slice(0, 2), ['VALUE_NOT_SUPPORTED', key], key);
    }
    assert.deepEqual((await s.fails('VM.clone', src, 'p', { colour: 'blue' })).slice(0, 2), ['VALUE_NOT_SUPPORTED', 'colour']);
    assert.deepEqual((await s.fails('VM.clone', src, 'p', { reset: 'everything' })).slice(0, 2), ['VALUE_NOT_SUPPORTED', 'reset']);
    assert.deepEqual((await s.fails('VM.clone', src, 'p', { 'file:/x': 'not base64!' })).slice(0, 2), ['VALUE_NOT_SUPPORTED', 'file:/x']);
    assert.deepEqual((await s.fails('VDI.get_file', s.rootVdi(src), '/etc/../etc/hosts')).slice(0, 2), ['VALUE_NOT_SUPPORTED', 'path']);
    assert.equal(s.store.count('VM'), s.pool.vms.size + 3);
  } finally {
    s.close();
  }
});

test('a replaced file cannot sit where the guest has a directory or under one of its files', async () => {
  const s = startGuestServer();
  try {
    const b64 = Buffer.from('x').toString('base64');
    const dir = await s.fails('VM.clone', s.vm(HALTED), 'p', { 'file:/etc/ssh': b64 });
    assert.deepEqual(dir.slice(0, 2), ['VALUE_NOT_SUPPORTED', 'file:/etc/ssh']);
    const under = await s.fails('VM.clone', s.vm(HALTED), 'p', { 'file:/etc/hostname/x': b64 });
    assert.match(under[3] ?? '', /is a file in the guest/);
  } finally {
    s.close();
  }
});
