// Ctrl-C (exit 130) and the --timeout deadline (exit 3) for the whole command. Both abort one signal that the
// connection watches (requests in flight stop, an async task is cancelled); the command then gets a short grace
// to wind down before the error is reported anyway.
import { DeadlineError, InterruptedError } from './errors.js';

const GRACE_MS = 3000;

export interface Stopper {
  readonly signal: AbortSignal;
  /** Why the command was stopped, once it was. */
  reason(): Error | undefined;
  /** While `p` is pending (a question asked after Ctrl-C), the grace does not run out. */
  hold<T>(p: Promise<T>): Promise<T>;
  held(): boolean;
  dispose(): void;
}

export function stopper(interrupt: AbortSignal | undefined, timeoutSeconds: number | undefined): Stopper {
  const controller = new AbortController();
  let why: Error | undefined;
  const stop = (e: Error): void => {
    if (why !== undefined) return;
    why = e;
    controller.abort(e);
  };
  const onInterrupt = (): void => stop(new InterruptedError());
  if (interrupt?.aborted === true) onInterrupt();
  interrupt?.addEventListener('abort', onInterrupt, { once: true });
  const timer = timeoutSeconds === undefined ? undefined : setTimeout(() => stop(new DeadlineError(timeoutSeconds)), timeoutSeconds * 1000);
  let holds = 0;
  return {
    signal: controller.signal,
    reason: () => why,
    async hold<T>(p: Promise<T>): Promise<T> {
      holds++;
      try {
        return await p;
      } finally {
        holds--;
      }
    },
    held: () => holds > 0,
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      interrupt?.removeEventListener('abort', onInterrupt);
    },
  };
}

export async function guard<T>(work: Promise<T>, stop: Stopper): Promise<T> {
  let grace: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    const arm = (): void => {
      grace = setTimeout(() => (stop.held() ? arm() : reject(stop.reason() ?? new InterruptedError())), GRACE_MS);
    };
    onAbort = arm;
    if (stop.signal.aborted) onAbort();
    else stop.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, stopped]);
  } catch (e) {
    throw stop.reason() ?? e;
  } finally {
    if (grace !== undefined) clearTimeout(grace);
    if (onAbort !== undefined) stop.signal.removeEventListener('abort', onAbort);
  }
}
