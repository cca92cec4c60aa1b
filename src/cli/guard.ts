// Races a command against Ctrl-C (exit 130) and the --timeout deadline (exit 3).
import { DeadlineError, InterruptedError } from './errors.js';

export async function guard<T>(work: Promise<T>, signal: AbortSignal | undefined, timeoutSeconds: number | undefined): Promise<T> {
  if (signal === undefined && timeoutSeconds === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stop = new Promise<never>((_, reject) => {
    if (signal !== undefined) {
      if (signal.aborted) reject(new InterruptedError());
      onAbort = () => reject(new InterruptedError());
      signal.addEventListener('abort', onAbort, { once: true });
    }
    if (timeoutSeconds !== undefined) timer = setTimeout(() => reject(new DeadlineError(timeoutSeconds)), timeoutSeconds * 1000);
  });
  try {
    return await Promise.race([work, stop]);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}
