// `xenctl call --xml`: methodCall documents from stdin (a --dry-run -o xml plan, or any file of calls), sent in
// order over XML-RPC; each reply's bytes are written to stdout untouched, followed by a newline.
// An empty session argument is replaced by the live session (over HTTP the server has no caller's session to
// fill in). Every document is decoded before the first is sent, so a malformed file sends nothing. All
// documents are sent even when one fails (as `serve --stdio` answers each); the exit status is then 1.
import type { Model, XenValue } from '../../model/types.js';
import type { Caller, Ctx } from '../context.js';
import type { CommandResult } from '../spec.js';
import { UsageError } from '../errors.js';
import { writeOut } from '../io.js';
import { escapeXml } from '../../wire/xml-escape.js';
import { encodeXmlRpcCall } from '../../wire/xmlrpc-encode.js';
import { decodeXmlRpcCall, splitXmlRpcDocuments } from '../../wire/xmlrpc-decode.js';

/** What `call --xml` needs beyond typed calls: XenClient offers it. */
interface RawXmlRpc {
  rawXmlRpc(body: string | ((session: string) => string), opts?: { signal?: AbortSignal }): Promise<Buffer>;
}

function hasRaw(c: Caller): c is Caller & RawXmlRpc {
  return typeof (c as Partial<RawXmlRpc>).rawXmlRpc === 'function';
}

/** The first parameter written as an empty string, in the forms XML-RPC allows. */
const EMPTY_FIRST_PARAM = /<params>\s*<param>\s*(?:<value\s*\/>|<value>(?:<string\s*\/>|<string><\/string>)?<\/value>)\s*<\/param>/;

export interface PlannedCall {
  readonly method: string;
  readonly params: readonly XenValue[];
  /** The document as read. */
  readonly text: string;
  /** Its first parameter is the empty session: the live one goes in its place. */
  readonly wantsSession: boolean;
}

/** The document with the session in place of the empty first parameter; re-encoded if it is spelt oddly. */
export function withSession(call: PlannedCall, session: string): string {
  const spliced = call.text.replace(EMPTY_FIRST_PARAM, () => `<params><param><value>${escapeXml(session)}</value></param>`);
  return spliced !== call.text ? spliced : encodeXmlRpcCall(call.method, [session, ...call.params.slice(1)]);
}

/** Splits and decodes every document; a bad one is a usage error naming it (nothing is sent). */
export function readPlan(text: string, model?: Model): PlannedCall[] {
  const docs = splitXmlRpcDocuments(text);
  if (docs.length === 0) throw new UsageError('call --xml: no methodCall documents on stdin');
  return docs.map((doc, i) => {
    try {
      const { method, params } = decodeXmlRpcCall(doc);
      // A sessionless message (login) whose first argument happens to be empty keeps it.
      const sessionless = model?.findMessage(method)?.sessionless === true;
      return { method, params, text: doc, wantsSession: params[0] === '' && !sessionless };
    } catch (e) {
      throw new UsageError(`call --xml: document ${i + 1} of ${docs.length} is not an XML-RPC methodCall: ${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/** Is this reply an XML-RPC Failure envelope? (Looks at the head only: big replies are successes.) */
export function isFailureReply(reply: string): boolean {
  return /<name>Status<\/name>\s*<value>(?:<string>)?Failure</.test(reply.slice(0, 2048));
}

async function readAll(stdin: AsyncIterable<Buffer | string>): Promise<string> {
  const parts: string[] = [];
  for await (const chunk of stdin) parts.push(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
  return parts.join('');
}

export async function runCallXml(ctx: Ctx): Promise<CommandResult> {
  if (ctx.io.isTTY.stdin) throw new UsageError('call --xml reads methodCall documents from stdin: redirect a file or a pipe');
  const plan = readPlan(await readAll(ctx.io.stdin), ctx.model);
  // A dry run of a plan: the plan itself, nothing sent.
  if (ctx.globals.dryRun) return { kind: 'text', text: plan.map((c) => `${c.text}\n`).join('') };
  const caller = await ctx.client();
  if (!hasRaw(caller)) throw new UsageError('call --xml needs a connection that can send XML-RPC documents');
  const opts = ctx.io.signal === undefined ? {} : { signal: ctx.io.signal };
  let failed = 0;
  for (const call of plan) {
    const reply = await caller.rawXmlRpc(call.wantsSession ? (session: string) => withSession(call, session) : call.text, opts);
    const text = reply.toString('utf8');
    if (isFailureReply(text)) failed += 1;
    await writeOut(ctx.io.stdout, `${text}\n`);
  }
  if (failed > 0) ctx.note(`${failed} of ${plan.length} call${plan.length === 1 ? '' : 's'} failed (see the Failure replies)`);
  return { kind: 'none', exitCode: failed > 0 ? 1 : 0 };
}
