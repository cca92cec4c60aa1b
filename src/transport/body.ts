// Reads an HTTP response body into one Buffer with as few copies as possible: straight into a preallocated buffer
// when the length is announced (replies of 80 MB are normal for big pools).
import type { IncomingMessage } from 'node:http';
import { TransportError } from './errors.js';

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
      resolve(fixed ?? (chunks.length === 1 && chunks[0] !== undefined ? chunks[0] : Buffer.concat(chunks, received)));
    });
    res.on('error', (err) => fail(new TransportError('ECONNRESET', target, `${target} broke the connection mid-reply: ${err.message}`, { cause: err })));
    res.on('close', () => {
      if (!done && !res.complete) fail(new TransportError('ECONNRESET', target, `${target} closed the connection mid-reply`));
    });
  });
}
