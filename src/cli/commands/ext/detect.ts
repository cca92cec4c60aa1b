// Does the server speak xenctl's extensions? Asked once per command through system.listMethods; a server
// without `host.qualify` is a plain xapi, and the commands fall back to plain XenAPI (saying so on stderr).
import type { XenValue } from '../../../model/types.js';
import type { Caller, Ctx } from '../../context.js';
import { EXT, LIST_METHODS } from './names.js';

interface Probing {
  probeMethods(): Promise<ReadonlySet<string>>;
}

interface Knowing {
  hasMethod(name: string): Promise<boolean>;
}

function probes(c: Caller): c is Caller & Probing {
  return typeof (c as Partial<Probing>).probeMethods === 'function';
}

function knows(c: Caller): c is Caller & Knowing {
  return typeof (c as Partial<Knowing>).hasMethod === 'function';
}

/** The server's method names (the client's cached list when it keeps one). */
export async function serverMethods(caller: Caller): Promise<ReadonlySet<string>> {
  if (probes(caller)) return caller.probeMethods();
  const raw = await caller.call(LIST_METHODS, []);
  return new Set(Array.isArray(raw) ? (raw as readonly XenValue[]).filter((m): m is string => typeof m === 'string') : []);
}

export async function hasExtensions(ctx: Ctx): Promise<boolean> {
  const caller = await ctx.client();
  // The client may know without a round trip (the embedded local: server).
  if (knows(caller)) return caller.hasMethod(EXT.qualify);
  return (await serverMethods(caller)).has(EXT.qualify);
}

/** The one stderr line a fallback prints: what the command does instead. */
export function noteFallback(ctx: Ctx, instead: string): void {
  ctx.note(`this server has no xenctl extensions (plain xapi): ${instead}`);
}
