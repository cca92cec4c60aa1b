// Reads an HTTP response body into one Buffer with as few copies as possible: straight into a preallocated buffer
// when the length is announced (replies of 80 MB are normal for big pools), else into one that grows by doubling.
// Big bodies get memory of their own, which releaseBody frees as soon as the reply is decoded.
import type { IncomingMessage } from 'node:http';
import { TransportError } from './errors.js';

/** From this size on a body is read into memory of its own (never a slice of Node's shared pool). */
const OWN_BYTES = 1024 * 1024;
/** Marks a body readBody allocated for itself: nothing else holds its memory. */
const OWN_MEMORY = Symbol('xenctl.ownBodyMemory');

type Marked = Buffer & { [OWN_MEMORY]?: boolean };

function owned(body: Buffer): Buffer {
  Object.defineProperty(body, OWN_MEMORY, { value: true });
  return body;
}

/** Detaches the buffer's memory so a minor GC frees it (a full GC, which a short CLI run may never have, is not needed). */
function free(body: Buffer): void {
  if (body.buffer.byteLength === 0) return;
  try {
    // Transferring moves the memory to the (unreferenced) copy and leaves the original empty.
    structuredClone(body.buffer, { transfer: [body.buffer] });
  } catch {
    // Not transferable here: it is freed with the Buffer, as before.
  }
}

/**
 * Frees a body readBody returned, once it is decoded: 80 MB for a big pool's reply. The Buffer reads as empty
 * after. Small bodies, and bodies from elsewhere (a transport that hands out memory it keeps), are left alone.
 */
export function releaseBody(body: Buffer): void {
  if ((body as Marked)[OWN_MEMORY] === true) free(body);
}

/** A body of unannounced length: small ones as a list of chunks, big ones copied into a buffer that doubles. */
class GrowingBody {
  #chunks: Buffer[] = [];
  #buf: Buffer | undefined;
  length = 0;

  add(chunk: Buffer): void {
    const need = this.length + chunk.length;
    if (this.#buf === undefined && need < OWN_BYTES) {
      this.#chunks.push(chunk);
    } else {
      if (this.#buf === undefined || need > this.#buf.length) {
        const next = Buffer.allocUnsafeSlow(Math.max(need, 2 * (this.#buf?.length ?? OWN_BYTES)));
        if (this.#buf === undefined) {
          let at = 0;
          for (const c of this.#chunks) at += c.copy(next, at);
          this.#chunks = [];
        } else {
          this.#buf.copy(next, 0, 0, this.length);
          free(this.#buf);
        }
        this.#buf = next;
      }
      chunk.copy(this.#buf, this.length);
    }
    this.length = need;
  }

  take(): Buffer {
    if (this.#buf !== undefined) return owned(this.#buf.subarray(0, this.length));
    const only = this.#chunks.length === 1 ? this.#chunks[0] : undefined;
    return only ?? Buffer.concat(this.#chunks, this.length);
  }
}

export function readBody(res: IncomingMessage, target: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const lengthHeader = res.headers['content-length'];
    const expected = lengthHeader === undefined ? -1 : Number(lengthHeader);
    const announced = Number.isSafeInteger(expected) && expected >= 0;
    const fixed = !announced ? undefined : expected >= OWN_BYTES ? owned(Buffer.allocUnsafeSlow(expected)) : Buffer.allocUnsafe(expected);
    const growing = new GrowingBody();
    let received = 0;
    let done = false;
    const fail = (err: TransportError): void => {
      if (done) return;
      done = true;
      res.destroy();
      if (fixed !== undefined) releaseBody(fixed);
      reject(err);
    };
    res.on('data', (chunk: Buffer) => {
      if (done) return;
      if (fixed !== undefined) {
        if (received + chunk.length > fixed.length) {
          fail(new TransportError('PROTOCOL', target, `${target} sent more than the ${fixed.length} bytes it announced`));
          return;
        }
        chunk.copy(fixed, received);
      } else {
        growing.add(chunk);
      }
      received += chunk.length;
    });
    res.on('end', () => {
      if (done) return;
      if (fixed !== undefined && received !== fixed.length) {
        fail(new TransportError('PROTOCOL', target, `${target} closed the reply after ${received} of ${fixed.length} bytes`));
        return;
      }
      done = true;
      resolve(fixed ?? growing.take());
    });
    res.on('error', (err) => fail(new TransportError('ECONNRESET', target, `${target} broke the connection mid-reply: ${err.message}`, { cause: err })));
    res.on('close', () => {
      if (!done && !res.complete) fail(new TransportError('ECONNRESET', target, `${target} closed the connection mid-reply`));
    });
  });
}
