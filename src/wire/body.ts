// Turning a request or response body into validated UTF-8 bytes, within a size limit.
import { isUtf8 } from 'node:buffer';
import { WireError } from './errors.js';

export function bodyBytes(body: Buffer | string, maxBytes: number, what: string): Buffer {
  if (typeof body === 'string') {
    if (body.length > maxBytes) throw new WireError('limit', `${what} larger than ${maxBytes} bytes`);
    body = Buffer.from(body, 'utf8');
  }
  if (body.length > maxBytes) throw new WireError('limit', `${what} larger than ${maxBytes} bytes`);
  if (!isUtf8(body)) throw new WireError('encoding', `${what} is not valid UTF-8`);
  return body;
}

/** The body as a string, validated as UTF-8 (a BOM is dropped). */
export function bodyText(body: Buffer | string, maxBytes: number, what: string): string {
  if (typeof body === 'string') {
    if (body.length > maxBytes) throw new WireError('limit', `${what} larger than ${maxBytes} bytes`);
    return body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  }
  if (body.length > maxBytes) throw new WireError('limit', `${what} larger than ${maxBytes} bytes`);
  if (!isUtf8(body)) throw new WireError('encoding', `${what} is not valid UTF-8`);
  const start = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  try {
    return body.toString('utf8', start);
  } catch {
    throw new WireError('limit', `${what} too large for a string`);
  }
}
