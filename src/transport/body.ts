// Reads an HTTP response body into one Buffer with as few copies as possible: straight into a preallocated buffer
// when the length is announced (replies of 80 MB are normal for big pools).
import type { IncomingMessage } from 'node:http';
import { TransportError } from './errors.js';

/** Bodies this big get their own memory (never a slice of Node's shared pool), so releaseBody may free it. */
const RELEASABLE_BYTES = 1024 * 1024;
/** Marks a body readBody allocated for itself: nothing else holds its memory. */
const OWN_MEMORY = Symbol('xenctl.ownBodyMemory');

function owned(body: Buffer): Buffer {
  if (body.length >= RELEASABLE_BYTES && body.byteOffset === 0 && body.byteLength === body.buffer.byteLength) {
    Object.defineProperty(body, OWN_MEMORY, { value: true });
  }
  return body;
}

/**
 * Frees a body readBody returned, once it is decoded: its memory goes at the next minor GC instead of waiting for
 * a full one (which a short CLI run may never have), 80 MB for a big pool's reply. The Buffer reads as empty after.
 * Bodies from elsewhere (a transport that hands out memory it keeps) are left alone.
 */
export function releaseBody(body: Buffer): void {
  if ((body as Buffer & { [OWN_MEMORY]?: boolean })[OWN_MEMORY] !== true || body.buffer.byteLength === 0) return;
  try {
    // Transferring detaches the ArrayBuffer: its memory moves to the (unreferenced) copy, which a minor GC frees.
    structuredClone(body.buffer, { transfer: [body.buffer] });
  } catch {
    // Not transferable here: it is freed with the Buffer, as before.
  }
}

export function readBody(res: IncomingMessage, target: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const lengthHeader = res.headers['content-length'];
    const expected = lengthHeader === undefined ? -1 : Number(lengthHeader);
    const fixed = Number.isSafeInteger(expected) && expected >= 0 ? Buffer.allocUnsafe(expected) : undefined;
    const chunks: Buffer[] = [];
    let received = 0;
    let done = false;
    const fail = (err: TransportError): void => {
      if (done) return;
      done = true;
      res.destroy();
      reject(err);
    };
    res.on('data', (chunk: Buffer) => {
      if (fixed !== undefined) {
        if (received + chunk.length > fixed.length) {
          fail(new TransportError('PROTOCOL', target, `${target} sent more than the ${fixed.length} bytes it announced`));
          return;
        }
        chunk.copy(fixed, received);
      } else {
        chunks.push(chunk);
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
      resolve(fixed !== undefined ? owned(fixed) : chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : owned(Buffer.concat(chunks, received)));
    });
    res.on('error', (err) => fail(new TransportError('ECONNRESET', target, `${target} broke the connection mid-reply: ${err.message}`, { cause: err })));
    res.on('close', () => {
      if (!done && !res.complete) fail(new TransportError('ECONNRESET', target, `${target} closed the connection mid-reply`));
    });
  });
}
