// Calls straight into an in-process server as its owner on a delegated channel (empty session argument), with the
// two assertions every simulator-level test wants: a call that must succeed, a call that must fail.
import assert from 'node:assert/strict';
import type { XenValue } from '../../src/model/types.js';
import type { Channel } from '../../src/server/context.js';
import type { Xapi } from '../../src/server/xapi.js';
import type { Envelope } from '../../src/wire/envelope.js';

const LOCAL: Channel = { kind: 'local', user: 'root' };

export interface DelegatedCalls {
  call(method: string, ...args: XenValue[]): Promise<Envelope>;
  /** The value of a call that must succeed. */
  ok(method: string, ...args: XenValue[]): Promise<XenValue>;
  /** The error array of a call that must fail. */
  fails(method: string, ...args: XenValue[]): Promise<readonly string[]>;
}

export function delegatedCalls(xapi: Xapi): DelegatedCalls {
  const call = (method: string, ...args: XenValue[]): Promise<Envelope> => xapi.handleCall(method, ['', ...args], LOCAL);
  return {
    call,
    async ok(method, ...args) {
      const r = await call(method, ...args);
      if (!r.ok) assert.fail(`${method} failed: ${r.error.join(' ')}`);
      return r.value;
    },
    async fails(method, ...args) {
      const r = await call(method, ...args);
      if (r.ok) assert.fail(`${method} succeeded`);
      return r.error;
    },
  };
}
