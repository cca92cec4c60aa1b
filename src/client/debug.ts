import type { Model, XenValue } from '../model/index.js';
import { ASYNC_PREFIX } from './names.js';
import { isSecretParam } from '../model/secrets.js';
// `--debug`: wire traffic on stderr with secrets masked (the password of a login, the session ref, which is a
// bearer token).
const MASK = '********';
/** Replies longer than this are cut in the debug output (a pool's VM list can be 80 MB). */
const MAX_SHOWN = 64 * 1024;

export type DebugSink = (text: string) => void;

export function maskSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s !== '') out = out.split(s).join(s.startsWith('OpaqueRef:') ? `OpaqueRef:${MASK}` : MASK);
  return out;
}

export function shorten(text: string): string {
  return text.length <= MAX_SHOWN ? text : `${text.slice(0, MAX_SHOWN)}... (${text.length - MAX_SHOWN} more characters)`;
}

export const PASSWORD_MASK = MASK;

/** The positions (after the session) of parameters to show masked in --debug; empty when there are none. */
export function secretPositions(msg: { readonly cls: string; readonly params: readonly { readonly name: string }[] }): number[] {
  const out: number[] = [];
  msg.params.forEach((p, i) => {
    if (isSecretParam(msg.cls, p.name)) out.push(i);
  });
  return out;
}

/** The params as --debug shows them, password-like ones masked; undefined when nothing needs masking. */
export function maskedParams(model: Model, method: string, params: readonly XenValue[], offset: number): XenValue[] | undefined {
  const msg = model.findMessage(method.startsWith(ASYNC_PREFIX) ? method.slice(ASYNC_PREFIX.length) : method);
  const secret = msg === undefined ? [] : secretPositions(msg);
  if (secret.length === 0) return undefined;
  return params.map((p, i) => (secret.includes(i - offset) && p !== '' ? MASK : p));
}
