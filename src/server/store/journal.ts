// The append-only journal: self-delimiting, checksummed frames ([u32 length][u32 crc32][payload], little
// endian), written in batches with one fdatasync per batch (group commit: every sync() waiting when a batch is
// taken shares its fsync).
import { closeSync, fdatasync, fstatSync, ftruncateSync, openSync, readFileSync, write, existsSync } from 'node:fs';
import { crc32 } from 'node:zlib';

const HEADER = 8;

export function frame(payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  const out = Buffer.allocUnsafe(HEADER + body.length);
  out.writeUInt32LE(body.length, 0);
  out.writeUInt32LE(crc32(body), 4);
  body.copy(out, HEADER);
  return out;
}

/** The payloads of every intact frame, and the byte length they span; a torn or corrupt tail is left out. */
export function readFrames(path: string): { payloads: string[]; validLength: number; totalLength: number } {
  if (!existsSync(path)) return { payloads: [], validLength: 0, totalLength: 0 };
  const data = readFileSync(path);
  const payloads: string[] = [];
  let pos = 0;
  while (pos + HEADER <= data.length) {
    const length = data.readUInt32LE(pos);
    const end = pos + HEADER + length;
    if (end > data.length) break;
    const body = data.subarray(pos + HEADER, end);
    if (crc32(body) !== data.readUInt32LE(pos + 4)) break;
    payloads.push(body.toString('utf8'));
    pos = end;
  }
  return { payloads, validLength: pos, totalLength: data.length };
}

function writeAll(fd: number, buf: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      write(fd, buf, offset, buf.length - offset, null, (err, n) => {
        if (err !== null) reject(err);
        else if (offset + n < buf.length) step(offset + n);
        else resolve();
      });
    };
    step(0);
  });
}

function datasync(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fdatasync(fd, (err) => (err === null ? resolve() : reject(err))));
}

interface Waiter {
  readonly target: number;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

export class Journal {
  readonly #fd: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** Frames appended / written to the file / known durable, counted since open. */
  #appended = 0;
  #written = 0;
  #durable = 0;
  #waiters: Waiter[] = [];
  #running: Promise<void> | undefined;
  #failed: Error | undefined;
  #size: number;
  #fsyncs = 0;
  #reset: { readonly save: () => void; readonly resolve: () => void; readonly reject: (e: Error) => void } | undefined;

  constructor(path: string) {
    this.#fd = openSync(path, 'a', 0o600);
    this.#size = fstatSync(this.#fd).size;
  }

  /** fdatasync calls so far (group commit makes this far lower than the number of sync() calls). */
  get fsyncs(): number {
    return this.#fsyncs;
  }

  /** Bytes in the file plus bytes waiting to be written. */
  get size(): number {
    return this.#size + this.#pendingBytes;
  }

  append(payload: string): void {
    const buf = frame(payload);
    this.#pending.push(buf);
    this.#pendingBytes += buf.length;
    this.#appended += 1;
    this.#kick();
  }

  sync(): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    if (this.#durable >= this.#appended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ target: this.#appended, resolve, reject });
      this.#kick();
    });
  }

  /**
   * Between two batches, runs `save` (which must synchronously save the whole state elsewhere, a snapshot) and
   * then empties the journal: every frame so far is covered by what `save` wrote.
   */
  resetAfter(save: () => void): Promise<void> {
    if (this.#failed !== undefined) return Promise.reject(this.#failed);
    return new Promise((resolve, reject) => {
      this.#reset = { save, resolve, reject };
      this.#kick();
    });
  }

  /** resetAfter() for a journal known to be idle (start-up). */
  resetCovered(): void {
    if (this.#running !== undefined) throw new Error('journal reset while writing');
    this.#truncate();
  }

  #truncate(): void {
    ftruncateSync(this.#fd, 0);
    this.#size = 0;
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#written = this.#appended;
    this.#durable = this.#appended;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.resolve();
  }

  close(): void {
    closeSync(this.#fd);
  }

  #kick(): void {
    if (this.#running !== undefined || this.#failed !== undefined) return;
    this.#running = this.#loop().finally(() => {
      this.#running = undefined;
      // Work queued between the loop's last check and now would otherwise wait for the next append.
      if (this.#pending.length > 0 || this.#waiters.length > 0 || this.#reset !== undefined) this.#kick();
    });
  }

  async #loop(): Promise<void> {
    // Let the current tick finish appending, so one batch holds every write of the tick.
    await new Promise<void>((resolve) => setImmediate(resolve));
    try {
      while (this.#pending.length > 0 || this.#reset !== undefined || this.#waiters.some((w) => w.target > this.#durable)) {
        const reset = this.#reset;
        if (reset !== undefined) {
          this.#reset = undefined;
          try {
            reset.save();
          } catch (err) {
            reset.reject(err instanceof Error ? err : new Error(String(err)));
            continue;
          }
          this.#truncate();
          reset.resolve();
          continue;
        }
        if (this.#pending.length > 0) {
          const batch = this.#pending.length === 1 ? (this.#pending[0] as Buffer) : Buffer.concat(this.#pending);
          const upTo = this.#appended;
          this.#pending = [];
          this.#pendingBytes = 0;
          await writeAll(this.#fd, batch);
          this.#size += batch.length;
          this.#written = upTo;
        }
        if (this.#waiters.length > 0 && this.#durable < this.#written) {
          const upTo = this.#written;
          await datasync(this.#fd);
          this.#fsyncs += 1;
          this.#durable = upTo;
          const ready = this.#waiters.filter((w) => w.target <= upTo);
          this.#waiters = this.#waiters.filter((w) => w.target > upTo);
          for (const w of ready) w.resolve();
        }
      }
    } catch (err) {
      this.#failed = err instanceof Error ? err : new Error(String(err));
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const w of waiters) w.reject(this.#failed);
      this.#reset?.reject(this.#failed);
      this.#reset = undefined;
    }
  }
}
