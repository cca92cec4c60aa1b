// `xenctl serve` as the CLI runs it, in-process: runServe with captured IO, resolving the URL it listens on.
import { tmpdir } from 'node:os';
import { runServe } from '../../src/server/serve.js';

export interface RunningServe {
  /** The `http://...` URL from the start-up line; rejects if serve exits first. */
  readonly url: Promise<string>;
  readonly stderr: () => string;
  readonly exit: Promise<number>;
  stop(): Promise<number>;
}

export function serveInProcess(args: readonly string[], pid = process.pid): RunningServe {
  const abort = new AbortController();
  let err = '';
  let onUrl: (u: string) => void = () => undefined;
  const url = new Promise<string>((resolve) => {
    onUrl = resolve;
  });
  const io = {
    stdout: { write: (_s: string) => true },
    stderr: {
      write: (s: string) => {
        err += s;
        const m = /listening on (http:\/\/\S+)/.exec(err);
        if (m !== null) onUrl(m[1]!);
        return true;
      },
    },
    pid,
    signal: abort.signal,
  };
  const exit = runServe(args, io, { HOME: tmpdir() });
  const ready = Promise.race([url, exit.then((code): string => { throw new Error(`serve exited ${code}: ${err}`); })]);
  ready.catch(() => undefined); // tests that expect a failed start await `exit` instead
  return {
    url: ready,
    stderr: () => err,
    exit,
    stop: () => {
      abort.abort();
      return exit;
    },
  };
}
