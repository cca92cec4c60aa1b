// `xenctl serve --no-extensions` as a real process behaves as plain xapi: the CLI, over real HTTP, notices it
// (system.listMethods), says so once on stderr and falls back to plain XenAPI.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, tempHome } from '../helpers/cli.js';
import { BIN, listeningOn } from '../helpers/bin.js';

const FALLBACK = 'xenctl: this server has no xenctl extensions (plain xapi): ';

test('serve --no-extensions: qualify, profiles in tags, network bandwidth from PIF speeds', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-plain-'));
  const state = join(dir, 'state');
  const child = spawn(process.execPath, [BIN, 'serve', '--no-extensions', '--listen', '127.0.0.1:0', '--state', state], {
    stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir, XDG_DATA_HOME: join(dir, 'data') },
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const [url] = await listeningOn(child) as [string];
    const env = tempHome();
    const run = (...argv: string[]) => runCli(['--url', url, '--password-file', join(state, 'root-password'), ...argv], { env });

    const methods = await run('call', 'system.listMethods', '-o', 'json');
    assert.equal(methods.code, 0, methods.stderr);
    assert.ok(!methods.stdout.includes('host.qualify') && methods.stdout.includes('VM.assert_can_boot_here'));

    const matrix = await run('host', 'qualify', '--vm', 'db01');
    assert.equal(matrix.code, 0, matrix.stderr);
    assert.equal(matrix.stderr, `${FALLBACK}using VM.get_possible_hosts and VM.assert_can_boot_here per host\n`);
    assert.match(matrix.stdout, /^host3\tfalse\tmemory: host has 12 GiB free, VM needs 16 GiB$/m);

    const web = await run('vm', 'list', '--where', 'profile=web server', '-o', 'minimal', '-c', 'name-label', '--sort', 'name-label');
    assert.equal(web.stdout, 'web01,web02\n', web.stderr);
    assert.ok(web.stderr.startsWith(FALLBACK));

    const nets = await run('network', 'list', '-o', 'value', '-c', 'name-label,bandwidth,latency', '--sort', 'name-label');
    assert.equal(nets.stdout, 'Pool-wide network 0\t10000\tunknown\nStorage network\t10000\tunknown\n');

    const move = await run('vm', 'migrate', 'web01', '--to', 'host3');
    assert.equal(move.code, 0, move.stderr);
    assert.match(move.stderr, /using VM\.pool_migrate/);
    const now = await run('vm', 'get', 'web01', 'resident-on');
    assert.equal(now.code, 0, now.stderr);
    const resident = await run('host', 'get', now.stdout.trim(), 'name-label');
    assert.equal(resident.stdout, 'host3\n');
  } finally {
    child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  }
});
