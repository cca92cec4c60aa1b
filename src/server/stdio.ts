// The stdio front end (`xenctl serve --stdio`): methodCall documents back to back on the input, one methodResponse
// per call on the output, in order, each followed by a newline. Works on files, pipes and ssh exec channels.
// Calls are handled as they arrive (a client may pipeline) but answered strictly in arrival order. A call in the
// delegated session (empty session argument: a file of calls, a --dry-run -o xml plan) is a step of a script: it
// starts once every earlier call has finished, and later calls wait for it, so `stop.xml start.xml` runs in order.
import { StringDecoder } from 'node:string_decoder';
import { ERR } from '../model/error-codes.js';
import { decodeXmlRpcCall, splitXmlRpcStream } from '../wire/xmlrpc-decode.js';
import { encodeXmlRpcResponse } from '../wire/xmlrpc-encode.js';
import { CALL_MAX_BYTES } from '../wire/limits.js';
import type { Channel } from './context.js';
import type { Xapi } from './xapi.js';

export interface StdioOutput {
  write(chunk: string): unknown;
  once?(event: 'drain', listener: () => void): unknown;
}

export interface StdioFrontEnd {
  /** Settles when the input has ended and every reply is written. */
  readonly done: Promise<void>;
  /** Stops reading; replies already under way are still written. */
  close(): Promise<void>;
}

export interface StdioOptions {
  /** The caller's name (default: the server's owner). */
  readonly user?: string;
  /** The largest call taken, in characters (default CALL_MAX_BYTES). */
  readonly maxCallBytes?: number;
}

async function write(out: StdioOutput, chunk: string): Promise<void> {
  if (out.write(chunk) !== false || out.once === undefined) return;
  const once = out.once.bind(out);
  await new Promise<void>((resolve) => once('drain', resolve));
}

/** A document that does not decode still gets its place in the reply stream, as a failure. */
function failureReply(e: unknown): string {
  return encodeXmlRpcResponse({ ok: false, error: [ERR.INTERNAL_ERROR, e instanceof Error ? e.message : String(e)] });
}

/** Whether the document is a call whose session argument is the empty string (the delegated session). */
function isScriptStep(doc: string): boolean {
  try {
    return decodeXmlRpcCall(doc).params[0] === '';
  } catch {
    return false;
  }
}

export function serveStdio(xapi: Xapi, input: AsyncIterable<Buffer | string>, output: StdioOutput, opts: StdioOptions = {}): StdioFrontEnd {
  const gone = new AbortController();
  // One channel for the whole stream: calls with an empty session share one delegated session.
  const channel: Channel = { kind: 'stdio', peer: 'stdio', signal: gone.signal, ...(opts.user === undefined ? {} : { user: opts.user }) };
  const maxCall = opts.maxCallBytes ?? CALL_MAX_BYTES;
  let stopped = false;
  let tail: Promise<void> = Promise.resolve();
  // Settled when every call so far has finished; when every script step so far (and what came before it) has.
  let allDone: Promise<unknown> = Promise.resolve();
  let stepsDone: Promise<unknown> = Promise.resolve();

  const enqueue = (reply: Promise<string[]>): void => {
    tail = tail.then(async () => {
      for (const chunk of await reply) await write(output, chunk);
      await write(output, '\n');
    });
  };
  const answer = (doc: string): void => {
    const step = isScriptStep(doc);
    const reply = (step ? allDone : stepsDone).then(() => xapi.handleXmlRpc(doc, channel)).then(
      (r) => r.chunks.map((c) => c.toString('utf8')),
      (e: unknown) => [failureReply(e)],
    );
    allDone = Promise.all([allDone, reply]);
    if (step) stepsDone = allDone;
    enqueue(reply);
  };
  // A call past the size limit is answered with a failure in its place and not held: the rest of it, up to its
  // end tag, is dropped as it arrives.
  const refuseTooLarge = (): void => {
    const reply = allDone.then(() => [failureReply(new Error(`the call is larger than ${maxCall} bytes`))]);
    allDone = Promise.all([allDone, reply]);
    enqueue(reply);
  };

  const run = async (): Promise<void> => {
    const decoder = new StringDecoder('utf8');
    let pending = '';
    let dropping = false;
    try {
      for await (const chunk of input) {
        const scanned = pending.length;
        pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
        const { documents, rest } = splitXmlRpcStream(pending, scanned);
        pending = rest;
        if (dropping && documents.length > 0) {
          documents.shift();
          dropping = false;
        }
        for (const doc of documents) answer(doc);
        if (pending.length > maxCall) {
          if (!dropping) refuseTooLarge();
          pending = '';
          dropping = true;
        }
        if (stopped) break;
      }
    } finally {
      pending += decoder.end();
      if (!stopped && !dropping && pending.trim() !== '') answer(pending.trim());
      await tail;
      gone.abort();
    }
  };

  const done = run();
  return {
    done,
    async close(): Promise<void> {
      stopped = true;
      gone.abort();
      await tail;
    },
  };
}
