// Callers blocked until something becomes ready (event.from, event.next). Woken by the log after changes, never
// by polling; a wait also ends at its deadline, when its signal aborts (the client went away) or on close().
export type Ready = () => boolean;

interface Waiter {
  readonly ready: Ready;
  readonly done: () => void;
}

export class Waiters {
  readonly #waiting = new Set<Waiter>();
  #scheduled = false;
  #closed = false;

  get closed(): boolean {
    return this.#closed;
  }

  get size(): number {
    return this.#waiting.size;
  }

  /** Resolves when `ready()` holds after a wake-up, after `timeoutMs`, on abort, or on close (whichever first). */
  wait(ready: Ready, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.#closed || signal?.aborted === true || ready()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', finish);
        this.#waiting.delete(waiter);
        resolve();
      };
      const waiter: Waiter = { ready, done: finish };
      const timer = setTimeout(finish, Math.max(0, timeoutMs));
      signal?.addEventListener('abort', finish, { once: true });
      this.#waiting.add(waiter);
    });
  }

  /**
   * Checks the waiters once the current synchronous work is over, so that a handler making several writes is seen
   * as one batch and a reply never shows a half-made change.
   */
  schedule(): void {
    if (this.#scheduled || this.#waiting.size === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      for (const w of [...this.#waiting]) if (w.ready()) w.done();
    });
  }

  close(): void {
    this.#closed = true;
    for (const w of [...this.#waiting]) w.done();
  }
}
