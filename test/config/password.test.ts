import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/errors.js';
import { passwordSupplier, readPasswordFile, type Prompter } from '../../src/config/password.js';

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'xenctl-pw-'));
  try {
    await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function pwFile(dir: string, content: string, mode: number): Promise<string> {
  const path = join(dir, `pw-${mode.toString(8)}-${content.length}`);
  await writeFile(path, content);
  await chmod(path, mode);
  return path;
}

test('a 0600 file is read whole, one trailing newline stripped', () =>
  withDir(async (dir) => {
    assert.equal(await readPasswordFile(await pwFile(dir, 'secret\n', 0o600)), 'secret');
    assert.equal(await readPasswordFile(await pwFile(dir, 'two\n\n', 0o600)), 'two\n');
    assert.equal(await readPasswordFile(await pwFile(dir, ' spaced pw ', 0o400)), ' spaced pw ');
    assert.equal(await readPasswordFile(await pwFile(dir, 'crlf\r\n', 0o600)), 'crlf');
  }));

test('group- or world-readable files are refused, with the fix in the message', () =>
  withDir(async (dir) => {
    for (const mode of [0o644, 0o640, 0o604, 0o660]) {
      const path = await pwFile(dir, 'secret\n', mode);
      await assert.rejects(readPasswordFile(path), (e: unknown) => e instanceof ConfigError && e.message.includes('readable by group or others') && e.message.includes(`chmod 600 ${path}`));
    }
    // Only read permission counts: other bits for group or others are not a reason to refuse.
    for (const mode of [0o620, 0o602, 0o700, 0o710, 0o601]) {
      assert.equal(await readPasswordFile(await pwFile(dir, 'secret\n', mode)), 'secret', mode.toString(8));
    }
    await assert.rejects(readPasswordFile(join(dir, 'missing')), /no such file/);
    await assert.rejects(readPasswordFile(dir), /not a regular file/);
  }));

test('the supplier: file first, else a prompt only on a TTY, never on delegated channels; asked once', () =>
  withDir(async (dir) => {
    let asked = 0;
    const prompter: Prompter = { password: async (msg) => { asked += 1; assert.match(msg, /root@https:\/\/h/); return 'typed'; } };
    const file = await pwFile(dir, 'fromfile\n', 0o600);
    assert.equal(await passwordSupplier({ passwordFile: file, delegated: false, who: 'root@https://h' }, { prompter, isTTY: true })(), 'fromfile');
    const tty = passwordSupplier({ delegated: false, who: 'root@https://h' }, { prompter, isTTY: true });
    assert.equal(await tty(), 'typed');
    assert.equal(await tty(), 'typed');
    assert.equal(asked, 1);
    assert.equal(await passwordSupplier({ passwordFile: file, delegated: true, who: 'unix:/s' }, { prompter, isTTY: true })(), '');
    assert.equal(asked, 1);
    await assert.rejects(
      passwordSupplier({ delegated: false, who: 'root@https://h' }, { prompter, isTTY: false })(),
      (e: unknown) => e instanceof ConfigError && e.kind === 'auth' && /--password-file/.test(e.message),
    );
    assert.equal(asked, 1);
  }));
