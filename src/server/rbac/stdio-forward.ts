// `xenctl serve --stdio --state DIR` when a server for DIR is already running (user-sockets.ts): the caller's calls
// go to that server through the socket of the caller's uid, bytes untouched both ways, so the server sees them as
// that user's (a delegated session of a subject, or of the owner). A caller with no socket while the server runs is
// not a subject of the pool: every call is answered SESSION_AUTHORIZATION_FAILED [user, why], as login would be.
import { connect, type Socket } from 'node:net';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { splitXmlRpcStream } from '../../wire/xmlrpc-split.js';
import { encodeXmlRpcResponse } from '../../wire/xmlrpc-encode.js';
import { procAlive } from '../store/lock.js';
import type { StdioOutput } from '../stdio.js';
import { notASubject } from './identity.js';
import { DAEMON_PID_FILE, USERS_DIR, userSocketPath } from './user-sockets.js';

export interface ForwardIO {
  readonly stdin: AsyncIterable<Buffer | string>;
  readonly stdout: StdioOutput;
}

export interface Caller {
  readonly uid: number;
  readonly name: string;
}

function connectTo(path: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const sock = connect({ path, allowHalfOpen: true });
    sock.once('connect', () => (sock.removeAllListeners('error'), resolve(sock)));
    sock.once('error', () => resolve(undefined));
  });
}

/** Whether a server for the state directory runs now (its PID file names a live process). */
export async function daemonRunning(state: string): Promise<boolean> {
  try {
    const pid = Number.parseInt(await readFile(join(state, USERS_DIR, DAEMON_PID_FILE), 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 && procAlive(pid);
  } catch {
    return false;
  }
}

async function write(out: StdioOutput, chunk: string | Buffer): Promise<void> {
  if (out.write(typeof chunk === 'string' ? chunk : chunk.toString('utf8')) !== false || out.once === undefined) return;
  const once = out.once.bind(out);
  await new Promise<void>((resolve) => once('drain', resolve));
}

/** Copies stdin to the socket (then half-closes it) and the socket to stdout, until the server has answered all. */
async function pipeThrough(sock: Socket, io: ForwardIO): Promise<void> {
  const replies = (async () => {
    const decoder = new StringDecoder('utf8');
    for await (const chunk of sock) await write(io.stdout, decoder.write(chunk as Buffer));
    const rest = decoder.end();
    if (rest !== '') await write(io.stdout, rest);
  })();
  try {
    for await (const chunk of io.stdin) {
      if (!sock.write(chunk)) await new Promise<void>((resolve) => sock.once('drain', resolve));
    }
  } finally {
    sock.end();
  }
  await replies;
}

/** Answers every call on stdin with the refusal a login of `user` gets. */
async function refuseAll(io: ForwardIO, user: string): Promise<void> {
  const e = notASubject(user);
  const reply = `${encodeXmlRpcResponse({ ok: false, error: [e.code, ...e.params] })}\n`;
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of io.stdin) {
    const scanned = pending.length;
    pending += typeof chunk === 'string' ? chunk : decoder.write(chunk);
    const { documents, rest } = splitXmlRpcStream(pending, scanned);
    pending = rest;
    for (let i = 0; i < documents.length; i++) await write(io.stdout, reply);
  }
  if ((pending + decoder.end()).trim() !== '') await write(io.stdout, reply);
}

/**
 * Serves the caller through the running server of `state`, if there is one: through its socket, or with refusals
 * when it offers the caller none. False when no server runs for `state` (the caller then serves it directly).
 */
export async function forwardToDaemon(state: string, caller: Caller, io: ForwardIO): Promise<boolean> {
  const sock = await connectTo(userSocketPath(state, caller.uid));
  if (sock !== undefined) {
    await pipeThrough(sock, io);
    return true;
  }
  if (!(await daemonRunning(state))) return false;
  await refuseAll(io, caller.name);
  return true;
}
