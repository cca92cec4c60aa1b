// The README's table of xe commands and their xenctl equivalents: every xenctl command in it, run top to bottom
// against a fresh local: demo pool (and the last row against `xenctl serve --tls`), exits 0.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../helpers/cli.js';
import { BIN, homeWithXenctl, listeningOn } from '../helpers/bin.js';
import { freePort } from '../helpers/sshd.js';
import { requireProgram } from '../helpers/system.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const { home, env: homeEnv } = homeWithXenctl('xenctl-readme-');
const env: Record<string, string> = Object.fromEntries(Object.entries(homeEnv).filter((e): e is [string, string] => e[1] !== undefined));
after(() => rmSync(home, { recursive: true, force: true, maxRetries: 5 }));

/** The xenctl column of the table, one entry per command (a cell may hold several, comma-separated). */
function tableCommands(): string[][] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const start = readme.indexOf('## xe commands and their xenctl equivalents');
  assert.ok(start >= 0, 'the README has the xe table');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const rows = section.split('\n').filter((l) => l.startsWith('| `xe'));
  return rows.flatMap((row) => {
    const cell = row.split(' | ')[1] ?? '';
    return [...cell.matchAll(/`([^`]+)`/g)].map((m) => (m[1] ?? '').split(' '));
  });
}

async function xenctl(args: readonly string[]): Promise<string> {
  const r = await runCli(args, { env });
  assert.equal(r.code, 0, `xenctl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test('every xenctl command of the xe table works as written, top to bottom on a fresh demo pool', { skip: requireProgram('openssl', 'openssl') }, async () => {
  const commands = tableCommands();
  assert.ok(commands.length >= 35, `${commands.length} commands found`);
  assert.ok(commands.every((c) => c[0] === 'xenctl'));
  // The TLS server starts (a certificate to make) while the local: rows run.
  const pw = join(home, 'pw');
  writeFileSync(pw, 'readme-pass\n', { mode: 0o600 });
  const port = await freePort();
  const server = spawn(process.execPath, [BIN, 'serve', '--listen', `127.0.0.1:${port}`, '--tls', '--state', join(home, 'served'), '--password-file', pw], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const listening = listeningOn(server, [/listening on (https:\/\/\S+)/]);
  listening.catch(() => undefined);
  try {
    const uuid = { vm: (await xenctl(['-q', 'vm', 'get', 'test06', 'uuid'])).trim(), host: (await xenctl(['-q', 'host', 'get', 'host3', 'uuid'])).trim(), task: '' };
    await xenctl(['-q', 'task', 'create', '--label', 'copy', '--description', 'a pending task']);
    uuid.task = (await xenctl(['-q', 'task', 'list', '-o', 'minimal'])).trim();
    for (const words of commands) {
      const noun = words.find((w, i) => i > 0 && !w.startsWith('-') && words[i - 1]?.startsWith('-') !== true) ?? '';
      if (words.includes('https://HOST')) {
        await listening;
        await xenctl(['trust', `127.0.0.1:${port}`, '--yes']);
      }
      const args = words.slice(1).map((w) => {
        if (w === 'U') return noun === 'vm' ? uuid.vm : noun === 'host' ? uuid.host : uuid.task;
        if (w === 'https://HOST') return `https://127.0.0.1:${port}`;
        return w === 'FILE' ? pw : w;
      });
      await xenctl(args);
    }
    // What the table did: the destroyed VM is gone, the clone and the network exist.
    assert.equal((await runCli(['vm', 'get', uuid.vm], { env })).code, 1);
  } finally {
    if (server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill();
      await exited;
    }
  }
  assert.equal(await xenctl(['-q', 'vm', 'get', 'web03', 'name-label']), 'web03\n');
  assert.equal(await xenctl(['-q', 'network', 'get', 'backup', 'name-label']), 'backup\n');
});
