// The VM requirement extension fields that count something (bytes of memory, Mbit/s of bandwidth) take no negative
// value: a requirement below zero would make every host qualify for a VM that asked for nothing sensible.
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { Handler } from '../context.js';
import { serveImplicit } from '../implicit.js';
import { int } from '../sim/values.js';

const COUNTED_REQUIREMENTS = ['requires_memory', 'requires_bandwidth'] as const;

export function vmRequirementHandlers(): ReadonlyMap<string, Handler> {
  const h = new Map<string, Handler>();
  for (const field of COUNTED_REQUIREMENTS) {
    h.set(`VM.set_${field}`, (call, args) => {
      const value = int(args[1]);
      if (value < 0n) throw new XenApiError(ERR.VALUE_NOT_SUPPORTED, [field, String(value), 'must not be negative']);
      return serveImplicit(call, args);
    });
  }
  return h;
}
