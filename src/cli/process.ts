// The only place that touches `process`: builds CliIO and the environment, wires SIGINT/SIGTERM to an AbortSignal.
import { isatty } from 'node:tty';
import type { CliIO } from './io.js';

/**
 * process.stdin is a stream built on first use (from /dev/null or a file: an fs.ReadStream, which loads node's fs
 * streams): only a command that reads its input pays for it.
 */
const lazyStdin: AsyncIterable<Buffer | string> = {
  [Symbol.asyncIterator]: () => (process.stdin as AsyncIterable<Buffer | string>)[Symbol.asyncIterator](),
};

export async function runFromProcess(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = (): void => {
    interrupts++;
    // A second Ctrl-C while shutting down gives up at once.
    if (interrupts > 1) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A closed pipe (`xenctl vm list | head`) is not an error worth a stack trace.
  // Any other write error (a full disk) must not end in a clean exit status over a truncated file; nothing more
  // can be written there, and a writer waiting for 'drain' would wait for ever.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`xenctl: cannot write the output: ${e.message}\n`);
    process.exit(1);
  });
  const io: CliIO = {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: lazyStdin,
    isTTY: { stdin: isatty(0), stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true },
    columns: process.stdout.columns ?? 80,
    cwd: process.cwd(),
    pid: process.pid,
    promptOutput: process.stderr,
    signal: controller.signal,
  };
  try {
    const { main } = await import('./main.js');
    return await main(argv, io, process.env);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
