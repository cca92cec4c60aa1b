// The append-only journal: self-delimiting, checksummed frames ([u32 length][u32 crc32][payload], little
// endian), written in batches with one fdatasync per batch (group commit: every sync() waiting when a batch is
// taken shares its fsync).
import { closeSync, existsSync, fdatasync, fstatSync, ftruncateSync, openSync, readSync, write } from 'node:fs';
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

export interface FrameScan {
  /** Intact frames seen. */
  readonly frames: number;
  /** Bytes the intact frames span; a torn or corrupt tail lies past it. */
  readonly validLength: number;
  readonly totalLength: number;
}

/**
 * Calls `each` with the payload of every intact frame in order, reading the file a megabyte at a time (a journal may
 * grow to the compaction limit, 64 MiB, before it is folded into a snapshot); a torn or corrupt tail ends the scan,
 * as does the `limit`th frame.
 */
export function scanFrames(path: string, each: (payload: string) => void, limit = Infinity): FrameScan {
  if (!existsSync(path)) return { frames: 0, validLength: 0, totalLength: 0 };
  const fd = openSync(path, 'r');
  try {
    const totalLength = fstatSync(fd).size;
    let buf = Buffer.allocUnsafe(1 << 20);
    /** File offset of buf[0], and how many bytes of buf hold data. */
    let base = 0;
    let have = 0;
    let pos = 0;
    let frames = 0;
    const fill = (need: number): boolean => {
      if (pos + need > totalLength) return false;
      if (pos + need <= base + have) return true;
      const keep = base + have - pos;
      if (need > buf.length) {
        const bigger = Buffer.allocUnsafe(need);
        buf.copy(bigger, 0, pos - base, pos - base + keep);
        buf = bigger;
      } else {
        buf.copy(buf, 0, pos - base, pos - base + keep);
      }
      base = pos;
      have = keep;
      while (have < buf.length && base + have < totalLength) {
        const n = readSync(fd, buf, have, buf.length - have, base + have);
        if (n === 0) break;
        have += n;
      }
      return pos + need <= base + have;
    };
    while (frames < limit && fill(HEADER)) {
      const at = pos - base;
      const length = buf.readUInt32LE(at);
      const crc = buf.readUInt32LE(at + 4);
      if (!fill(HEADER + length)) break;
      const body = buf.subarray(pos - base + HEADER, pos - base + HEADER + length);
      if (crc32(body) !== crc) break;
      each(body.toString('utf8'));
      frames += 1;
      pos += HEADER + length;
    }
    return { frames, validLength: pos, totalLength };
  } finally {
    closeSync(fd);
  }
}

/** The payloads of every intact frame, and the byte length they span; a torn or corrupt tail is left out. */
export function readFrames(path: string): { payloads: string[]; validLength: number; totalLength: number } {
  const payloads: string[] = [];
  const { validLength, totalLength } = scanFrames(path, (p) => payloads.push(p));
  return { payloads, validLength, totalLength };
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
