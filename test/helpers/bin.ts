// bin/xenctl as a separate process: with a given environment, on a pseudo-terminal (util-linux `script`), or on
// the PATH of a fresh home.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../../bin/xenctl', import.meta.url));

export interface Run { code: number; stdout: string; stderr: string }

/** Runs xenctl with only PATH and `env` in its environment; code 99 when it did not exit by itself. */
export function runXenctl(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...env }, timeout: 30_000 }, (err, stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 99, stdout, stderr });
    });
  });
}

/** Runs xenctl on a pseudo-terminal, answering the first y/N question with `answer`. */
export function onTerminal(args: readonly string[], env: Record<string, string>, answer: string): Promise<{ code: number | null; out: string }> {
  const cmd = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const child = spawn('script', ['-qec', cmd, '/dev/null'], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', TERM: 'xterm', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  let answered = false;
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
    if (!answered && out.includes('(y/N)')) {
      answered = true;
      child.stdin?.write(`${answer}\r`);
    }
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, out })));
}

const HTTP_LINE = /listening on (http:\/\/\S+)/;

/**
 * The first capture of each pattern, once a `xenctl serve` child's stderr has shown them all (by default its
 * `http://` URL); rejects with what it printed if it exits first.
 */
export function listeningOn(child: ChildProcess, expect: readonly RegExp[] = [HTTP_LINE]): Promise<string[]> {
  let stderr = '';
  return new Promise((resolve, reject) => {
    child.stderr?.on('data', (c: Buffer) => {
      stderr += c.toString();
      const found = expect.map((re) => re.exec(stderr)?.[1]);
      if (found.every((f) => f !== undefined)) resolve(found as string[]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${stderr}`)));
  });
}

/** A fresh temporary HOME with `xenctl` on PATH (a symlink to bin/xenctl) and XDG directories inside it. */
export function homeWithXenctl(prefix: string): { home: string; env: NodeJS.ProcessEnv } {
  const home = mkdtempSync(join(tmpdir(), prefix));
  const bin = join(home, 'bin');
  mkdirSync(bin);
  symlinkSync(BIN, join(bin, 'xenctl'));
  return {
    home,
    env: {
      HOME: home, PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`, LANG: 'C.UTF-8',
      XDG_CONFIG_HOME: join(home, 'config'), XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'),
    },
  };
}
