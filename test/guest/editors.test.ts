// The pure editors behind customization: ifupdown interfaces, /etc/hosts, and the CLI's spec.yaml and diff splitting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editInterfaces } from '../../src/guest/interfaces.js';
import { editHosts } from '../../src/guest/hosts.js';
import { readSpecFile } from '../../src/cli/clone/spec.js';
import { splitDiff, toCustomizationMap } from '../../src/cli/clone/to-map.js';

const IFACES = 'auto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet static\n    address 192.0.2.5\n    netmask 255.255.255.0\n    mtu 9000\n    gateway 192.0.2.1\n\n# backup link\n';

test('interfaces: the stanza keeps its other options and indentation; a new NIC gets auto and a stanza', () => {
  const out = editInterfaces(IFACES, new Map([[0, { ip: { address: '10.0.0.5', prefix: 24 } }], [1, { ip: { address: '10.1.0.5', prefix: 16 }, dns: ['1.1.1.1'] }]]));
  assert.equal(out, 'auto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet static\n    address 10.0.0.5/24\n    mtu 9000\n    gateway 192.0.2.1\n\n' +
    '# backup link\n\nauto eth1\niface eth1 inet static\n\taddress 10.1.0.5/16\n\tdns-nameservers 1.1.1.1\n');
});

test('interfaces: DNS alone on a DHCP interface; a stanza without auto gets one', () => {
  const out = editInterfaces('iface eth0 inet dhcp\n', new Map([[0, { dns: ['9.9.9.9'] }]]));
  assert.equal(out, 'auto eth0\niface eth0 inet dhcp\n\tdns-nameservers 9.9.9.9\n');
  assert.equal(editInterfaces(IFACES, new Map([[0, { mac: 'keep' }]])), IFACES, 'a MAC alone leaves the file alone');
});

test('hosts: the old name is replaced everywhere, comments kept; a host named nowhere gets a line', () => {
  const hosts = '127.0.0.1\tlocalhost\n127.0.1.1\told.example.org old # the box\n';
  assert.equal(editHosts(hosts, 'old', 'new', '10.0.0.5'), '127.0.0.1\tlocalhost\n10.0.0.5\tnew.example.org new # the box\n');
  assert.equal(editHosts('127.0.0.1\tlocalhost\n', 'gone', 'fresh'), '127.0.0.1\tlocalhost\n127.0.1.1\tfresh\n');
});

test('spec.yaml: local paths are relative to the spec file; unknown keys are named', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-spec-'));
  writeFileSync(join(dir, 'motd'), 'hi\n');
  writeFileSync(join(dir, 'spec.yaml'), 'hostname: h\nnetwork: [{ip: 10.0.0.5/24, dns: 10.0.0.2}]\nfiles: [{path: /etc/motd, source: motd}]\nreset: machine-id\n');
  const spec = await readSpecFile(join(dir, 'spec.yaml'));
  assert.deepEqual(await toCustomizationMap(spec), {
    hostname: 'h', 'vif/0/ip': '10.0.0.5/24', 'vif/0/dns': '10.0.0.2', 'file:/etc/motd': Buffer.from('hi\n').toString('base64'), reset: 'machine-id',
  });
  writeFileSync(join(dir, 'bad.yaml'), 'network: [{device: 0, netmask: 24}]\n');
  await assert.rejects(readSpecFile(join(dir, 'bad.yaml')), /unknown key 'netmask' in network\[0\]/);
});

test('a diff of several files is split by its headers into guest paths', async () => {
  const diff = '--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1 +1 @@\n-a\n+b\n--- etc/motd.orig\n+++ /etc/motd\n@@ -1 +1 @@\n-x\n+y\n';
  const parts = await splitDiff(diff, 'two.diff');
  assert.deepEqual([...parts.keys()], ['/etc/hosts', '/etc/motd']);
  assert.match(parts.get('/etc/motd') ?? '', /^-x\n\+y\n$/m);
  await assert.rejects(splitDiff('@@ -1 +1 @@\n-a\n+b\n', 'bare.diff'), /headers/);
});
