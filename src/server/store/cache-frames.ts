// The load cache's framing: checksummed frames ([u32 length][u32 crc32][payload], little endian), the payload a kind
// byte and a V8-serialized value.
import { fstatSync, readSync, writeSync } from 'node:fs';
import { serialize } from 'node:v8';
import { crc32 } from 'node:zlib';

const HEADER = 8;
/** A frame longer than this is damage, not data (a frame holds a few hundred records). */
const MAX_FRAME = 256 * 1024 * 1024;

/** Frame kinds (the payload's first byte). */
export const KIND = { head: 1, rows: 2, cls: 3, end: 4 } as const;

function writeAllSync(fd: number, buf: Buffer): void {
  for (let off = 0; off < buf.length;) off += writeSync(fd, buf, off, buf.length - off);
}

export function writeFrame(fd: number, kind: number, value: unknown): void {
  const body = serialize(value);
  const head = Buffer.allocUnsafe(HEADER + 1);
  head.writeUInt32LE(body.length + 1, 0);
  head.writeUInt8(kind, HEADER);
  head.writeUInt32LE(crc32(body, crc32(head.subarray(HEADER))), 4);
  writeAllSync(fd, head);
  writeAllSync(fd, body);
}

/**
 * Reads frames one at a time into a buffer that grows to the largest frame (a payload is valid until the next
 * call), or, `whole`, from the whole file read at once (payloads stay valid: views of that one buffer, which lives
 * as long as any of them).
 */
export class FrameReader {
  #pos = 0;
  #buf: Buffer;
  readonly #whole: boolean;
  readonly #head = Buffer.alloc(HEADER);

  constructor(private readonly fd: number, whole = false) {
    this.#whole = whole;
    this.#buf = Buffer.allocUnsafe(whole ? fstatSync(fd).size : 64 * 1024);
    if (whole && !this.#readExactly(this.#buf, this.#buf.length)) this.#buf = Buffer.alloc(0);
    this.#pos = 0;
  }

  #readExactly(buf: Buffer, length: number): boolean {
    let got = 0;
    while (got < length) {
      const n = readSync(this.fd, buf, got, length - got, this.#pos + got);
      if (n === 0) return false;
      got += n;
    }
    this.#pos += length;
    return true;
  }

  #take(length: number): Buffer | undefined {
    if (this.#whole) {
      if (this.#pos + length > this.#buf.length) return undefined;
      this.#pos += length;
      return this.#buf.subarray(this.#pos - length, this.#pos);
    }
    if (length > this.#buf.length) this.#buf = Buffer.allocUnsafe(Math.max(length, this.#buf.length * 2));
    return this.#readExactly(this.#buf, length) ? this.#buf.subarray(0, length) : undefined;
  }

  /**
   * The next frame's kind and payload (without the kind byte), checksum verified; undefined at the end of the
   * file or at a torn or damaged frame.
   */
  next(): { kind: number; body: Buffer } | undefined {
    const head = this.#whole ? this.#take(HEADER) : this.#readExactly(this.#head, HEADER) ? this.#head : undefined;
    if (head === undefined) return undefined;
    const length = head.readUInt32LE(0);
    const crc = head.readUInt32LE(4);
    if (length > MAX_FRAME || length < 1) return undefined;
    const payload = this.#take(length);
    if (payload === undefined || crc32(payload) !== crc) return undefined;
    return { kind: payload.readUInt8(0), body: payload.subarray(1) };
  }
}
