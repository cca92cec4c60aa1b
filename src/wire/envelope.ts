// The outcome of a XenAPI call as both wire protocols carry it: a value, or `[CODE, param...]`.
import type { XenValue } from '../model/types.js';
import { isStruct } from '../model/values.js';

export type Envelope = { ok: true; value: XenValue } | { ok: false; error: readonly string[] };

export function success(value: XenValue): Envelope {
  return { ok: true, value };
}

export function failure(error: readonly string[]): Envelope {
  return { ok: false, error };
}

// xapi's XML-RPC envelope: a struct {Status: "Success", Value} or {Status: "Failure", ErrorDescription: [...]}.
export const STATUS = 'Status';
export const SUCCESS = 'Success';
export const FAILURE = 'Failure';
export const VALUE = 'Value';
export const ERROR_DESCRIPTION = 'ErrorDescription';

function errorStrings(v: XenValue | undefined): string[] {
  if (v === undefined) return [];
  if (Array.isArray(v)) return v.map((x: XenValue) => (typeof x === 'string' ? x : String(x)));
  return [String(v)];
}

/** Unwraps the Status envelope; a value without one (e.g. `system.listMethods`) is a success as it is. */
export function unwrapEnvelope(value: XenValue): Envelope {
  if (!isStruct(value)) return success(value);
  if (!Object.hasOwn(value, STATUS)) return success(value);
  const status = value[STATUS];
  if (status === SUCCESS) return success(Object.hasOwn(value, VALUE) ? (value[VALUE] as XenValue) : '');
  if (status === FAILURE) return failure(errorStrings(Object.hasOwn(value, ERROR_DESCRIPTION) ? value[ERROR_DESCRIPTION] : undefined));
  return success(value);
}
