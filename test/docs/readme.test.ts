// The README as a user follows it: every xenctl command of the xe table, run top to bottom on a fresh local: demo
// pool (the https row against `xenctl serve --tls`); and the code blocks that need no real host, run by bash.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFile, spawn } from 'node:child_process';
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

test('every xenctl command of the xe table works as written, top to bottom on a fresh demo pool', async () => {
  // Without openssl (serve --tls makes its certificate with it) the https row is left out.
  const tls = requireProgram('openssl', 'openssl') === false;
  const commands = tableCommands().filter((c) => tls || !c.includes('https://HOST'));
  assert.ok(commands.length >= 34, `${commands.length} commands found`);
  assert.ok(commands.every((c) => c[0] === 'xenctl'));
  // The TLS server starts (a certificate to make) while the local: rows run.
  const pw = join(home, 'pw');
  writeFileSync(pw, 'readme-pass\n', { mode: 0o600 });
  const port = await freePort();
  const server = spawn(process.execPath, [BIN, 'serve', '--listen', `127.0.0.1:${port}`, ...(tls ? ['--tls'] : []), '--state', join(home, 'served'), '--password-file', pw], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const listening = listeningOn(server, [/listening on (https?:\/\/\S+)/]);
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

/** The README's sh code blocks. */
function shBlocks(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? '');
}

test('the README blocks that need no real host run as written: usage, output formats, XML pipes, users, completion install', async () => {
  const blocks = shBlocks();
  const wanted = ['xenctl vm get web01 power-state', 'xenctl vm list -o minimal -c name-label', 'xenctl call --xml < calls.xml', 'xenctl subject add alice', 'xenctl completion bash >'];
  const dir = join(home, 'blocks');
  const run = (text: string): Promise<{ code: number; stderr: string }> => new Promise((resolve) => {
    execFile('bash', ['-ec', `mkdir -p ${dir}; cd ${dir}\n${text}`], { env: { ...env, XENCTL_URL: 'local:' + join(home, 'blocks-pool') }, timeout: 60_000 }, (err, _out, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 99, stderr });
    });
  });
  for (const marker of wanted) {
    const block = blocks.find((b) => b.includes(marker));
    assert.ok(block !== undefined, `a block with ${marker}`);
    const r = await run(block);
    assert.equal(r.code, 0, `${block}\n${r.stderr}`);
  }
  // The install lines put the scripts where bash-completion, zsh and fish look.
  for (const file of [join(home, 'data', 'bash-completion', 'completions', 'xenctl'), join(home, '.zfunc', '_xenctl'), join(home, '.config', 'fish', 'completions', 'xenctl.fish')]) {
    assert.match(readFileSync(file, 'utf8'), /xenctl/, file);
  }
});
