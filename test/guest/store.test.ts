// The guest filesystem store: real files per VDI, staged commits, no way out through .. or symbolic links; and the
// disk hooks that keep files with their VDIs through copies and deletions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dirGuestFs } from '../../src/server/guest/dir.js';
import { memoryGuestFs } from '../../src/server/guest/memory.js';
import { GuestPathError } from '../../src/guest/paths.js';
import type { GuestFs, GuestTree } from '../../src/guest/types.js';
import { startGuestServer } from './harness.js';

const U1 = '11111111-1111-1111-1111-111111111111';
const U2 = '22222222-2222-2222-2222-222222222222';

function tree(entries: Record<string, string>): GuestTree {
  return new Map(Object.entries(entries).map(([p, t]) => [p, { data: Buffer.from(t), mode: 0o644 }]));
}

for (const [name, make] of [['directory', () => dirGuestFs(join(mkdtempSync(join(tmpdir(), 'xenctl-gfs-')), 'vdi'))], ['memory', memoryGuestFs]] as const) {
  test(`${name} store: commit replaces the whole tree, copy is independent, remove forgets`, () => {
    const fs: GuestFs = make();
    assert.equal(fs.has(U1), false);
    fs.commit(U1, tree({ '/etc/hostname': 'a\n', '/etc/motd': 'hi\n' }));
    fs.copy(U1, U2);
    fs.commit(U1, tree({ '/etc/hostname': 'b\n' }));
    assert.equal(fs.readFile(U1, '/etc/hostname')?.data.toString(), 'b\n');
    assert.equal(fs.readFile(U1, '/etc/motd'), undefined);
    assert.deepEqual([...fs.readTree(U2).keys()].sort(), ['/etc/hostname', '/etc/motd']);
    assert.throws(() => fs.readFile(U2, '/etc/../etc/motd'), GuestPathError);
    assert.throws(() => fs.commit(U2, tree({ 'relative': 'x' })), GuestPathError);
    fs.remove(U2);
    assert.equal(fs.has(U2), false);
  });
}

test('a symbolic link inside a disk directory is never followed', () => {
  const root = join(mkdtempSync(join(tmpdir(), 'xenctl-gfs-')), 'vdi');
  const fs = dirGuestFs(root);
  fs.commit(U1, tree({ '/etc/hostname': 'a\n' }));
  symlinkSync('/etc', join(root, U1, 'host-etc'));
  assert.throws(() => fs.readFile(U1, '/host-etc/passwd'), /symbolic link/);
  assert.deepEqual([...fs.readTree(U1).keys()], ['/etc/hostname']);
  assert.deepEqual(readdirSync(root).filter((n) => n.startsWith('.')), [], 'no staging left over');
  rmSync(root, { recursive: true, force: true });
});

test('VM.copy and VDI.clone copy the files; VDI.destroy removes them', async () => {
  const s = startGuestServer();
  try {
    const copy = (await s.ok('VM.copy', s.vm('mail01'), 'mail-copy', 'OpaqueRef:NULL')) as string;
    assert.equal(await s.file(copy, '/etc/hostname'), 'mail01\n');
    const vdi = (await s.ok('VDI.clone', s.rootVdi(s.vm('dev01')), {})) as string;
    const uuid = s.get('VDI', vdi)['uuid'] as string;
    assert.equal(existsSync(join(s.dir, uuid, 'etc', 'hostname')), true);
    await s.ok('VDI.destroy', vdi);
    assert.equal(existsSync(join(s.dir, uuid)), false);
  } finally {
    s.close();
  }
});

test('leftovers of an interrupted commit are swept when the store opens', () => {
  const root = join(mkdtempSync(join(tmpdir(), 'xenctl-gfs-')), 'vdi');
  dirGuestFs(root).commit(U1, tree({ '/etc/hostname': 'a\n' }));
  mkdirSync(join(root, `.staging-${U2}-0000`), { recursive: true });
  const fs = dirGuestFs(root);
  assert.deepEqual(readdirSync(root), [U1]);
  assert.equal(fs.readFile(U1, '/etc/hostname')?.data.toString(), 'a\n');
  rmSync(root, { recursive: true, force: true });
});

test('an Async.VM.clone cancelled while it runs leaves nothing', async () => {
  const s = startGuestServer();
  try {
    const before = ['VM', 'VDI', 'VIF', 'VBD'].map((c) => s.store.count(c));
    const dirs = readdirSync(s.dir).sort();
    const task = (await s.ok('Async.VM.clone', s.vm('mail01'), 'cancelled', { hostname: 'cancelled' })) as string;
    await s.ok('task.cancel', task);
    await s.xapi.drain();
    assert.equal(s.get('task', task)['status'], 'cancelled');
    assert.deepEqual(['VM', 'VDI', 'VIF', 'VBD'].map((c) => s.store.count(c)), before);
    assert.deepEqual(readdirSync(s.dir).sort(), dirs);
  } finally {
    s.close();
  }
});
