// ssh transport costs, in one run against yardsticks measured alongside:
//  1. per call through an established ssh tunnel (stream-local forward to `serve --unix`) against plain HTTP to the
//     same server process (target: at most 2x);
//  2. ssh connect plus the first call against OpenSSH's `ssh host true` (target: within 2x); also the whole
//     `xenctl --url ssh://... pool list` command against `ssh host true`.
// Needs sshd (openssh-server); starts a private one on loopback, stops everything by PID. Medians of several runs.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openTransport } from '../src/transport/open.js';
import { httpTransport } from '../src/transport/http.js';
import { parseUrl } from '../src/config/url.js';
import type { Transport } from '../src/transport/types.js';
import { encodeXmlRpcCall } from '../src/wire/xmlrpc-encode.js';
import { decodeXmlRpcResponse } from '../src/wire/xmlrpc-decode.js';
import { makeKey, startSshd } from '../test/helpers/sshd.js';

const BIN = fileURLToPath(new URL('../../bin/xenctl', import.meta.url));
const CALLS = Number(process.env['BENCH_CALLS'] ?? '300');
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? '5');

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

const PASSWORD = 'bench';

async function login(t: Transport): Promise<string> {
  const env = decodeXmlRpcResponse(await t.rpc(encodeXmlRpcCall('session.login_with_password', ['root', PASSWORD]), 'xmlrpc'));
  if (!env.ok) throw new Error(`login failed: ${env.error.join(' ')}`);
  return String(env.value);
}

/** Milliseconds per sequential call (`pool.get_all`), median over rounds. */
async function perCall(t: Transport, session: string): Promise<number> {
  const body = encodeXmlRpcCall('pool.get_all', [session]);
  for (let i = 0; i < 50; i++) await t.rpc(body, 'xmlrpc');
  const rounds: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < CALLS; i++) await t.rpc(body, 'xmlrpc');
    rounds.push((performance.now() - t0) / CALLS);
  }
  return median(rounds);
}

function timeProcess(cmd: string, args: readonly string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  if (spawnSync('sh', ['-c', 'command -v sshd']).status !== 0) {
    console.log('skipped: sshd not found (install the Debian package openssh-server)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-bench-ssh-'));
  const home = join(dir, 'home');
  mkdirSync(join(home, '.ssh'), { recursive: true, mode: 0o700 });
  const key = join(dir, 'client_key');
  const pub = makeKey(key);
  copyFileSync(key, join(home, '.ssh', 'id_ed25519'));
  const sshd = await startSshd(dir);
  writeFileSync(sshd.authorizedKeys, `${pub}\n`);
  writeFileSync(join(home, '.ssh', 'known_hosts'), `[127.0.0.1]:${sshd.port} ${sshd.hostKey}\n`);
  const sock = join(dir, 'xapi.sock');
  const pwFile = join(dir, 'pw');
  writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
  const server = spawn(process.execPath, [BIN, 'serve', '--listen', '127.0.0.1:0', '--unix', sock, '--state', join(dir, 'state'), '--password-file', pwFile],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, HOME: dir } });
  const exited = new Promise((r) => server.once('exit', r));
  try {
    const httpPort = await new Promise<number>((resolve, reject) => {
      let err = '';
      server.stderr?.on('data', (c: Buffer) => {
        err += c.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(err);
        if (m !== null && err.includes('listening on unix:')) resolve(Number(m[1]));
      });
      void exited.then(() => reject(new Error(`serve exited: ${err}`)));
    });
    const env = { HOME: home, PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    const sshUrl = `ssh://${sshd.user}@127.0.0.1:${sshd.port}${sock}`;

    // 1. Per-call cost on established connections.
    const http = httpTransport('http', '127.0.0.1', httpPort);
    const httpMs = await perCall(http, await login(http));
    await http.close();
    const ssh = await openTransport(parseUrl(sshUrl), { env });
    const sshMs = await perCall(ssh, await login(ssh));
    await ssh.close();
    console.log(`per call (pool.get_all, ${CALLS} sequential calls, median of ${ROUNDS}):`);
    console.log(`  plain HTTP          ${httpMs.toFixed(3)} ms`);
    console.log(`  ssh tunnel          ${sshMs.toFixed(3)} ms   ratio ${(sshMs / httpMs).toFixed(2)}x (target <= 2x)`);

    // 2. Connect + first call, against OpenSSH.
    const connects: number[] = [];
    for (let r = 0; r < ROUNDS + 2; r++) {
      const t0 = performance.now();
      const t = await openTransport(parseUrl(sshUrl), { env });
      await login(t);
      connects.push(performance.now() - t0);
      await t.close();
    }
    const sshArgs = ['-p', String(sshd.port), '-o', 'BatchMode=yes', '-o', `UserKnownHostsFile=${join(home, '.ssh', 'known_hosts')}`, '-i', key, `${sshd.user}@127.0.0.1`, 'true'];
    // `ssh host true` pays for a login shell on the far side; `ssh -W` (a forward, stdin at EOF) does not, like ours.
    const forwardArgs = [...sshArgs.slice(0, -2), '-W', `127.0.0.1:${sshd.port}`, sshArgs[sshArgs.length - 2] ?? ''];
    const openssh: number[] = [];
    const opensshForward: number[] = [];
    const cli: number[] = [];
    for (let r = 0; r < ROUNDS + 2; r++) {
      openssh.push(timeProcess('ssh', sshArgs, env));
      opensshForward.push(timeProcess('ssh', forwardArgs, env));
      cli.push(timeProcess(process.execPath, [BIN, '--url', sshUrl, 'pool', 'list', '-o', 'json'], env));
    }
    const ours = median(connects);
    const theirs = median(openssh);
    console.log(`connect + first call (median of ${ROUNDS + 2}):`);
    console.log(`  ssh host true (OpenSSH, whole process)   ${theirs.toFixed(1)} ms`);
    console.log(`  xenctl ssh connect + login (in process)  ${ours.toFixed(1)} ms   ratio ${(ours / theirs).toFixed(2)}x (target within 2x)`);
    console.log(`  xenctl --url ssh://... pool list (whole) ${median(cli).toFixed(1)} ms   ratio ${(median(cli) / theirs).toFixed(2)}x`);
    const fwd = median(opensshForward);
    console.log(`  ssh -W (OpenSSH forward, no remote shell) ${fwd.toFixed(1)} ms: in-process ratio ${(ours / fwd).toFixed(2)}x, whole command ${(median(cli) / fwd).toFixed(2)}x`);
  } finally {
    if (server.exitCode === null && server.pid !== undefined) process.kill(server.pid, 'SIGTERM');
    await exited;
    await sshd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
