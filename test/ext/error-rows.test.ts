// A plain xapi's refusal shown as a failed check row (host qualify / vm migrate --test fallback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { XenApiError } from '../../src/model/errors.js';
import { errorRow } from '../../src/cli/commands/ext/checks.js';

const noCalls = { call: () => Promise.reject(new Error('no call expected')) };

test('a host that is not live (HOST_NOT_LIVE, HOST_OFFLINE) fails the enabled check, not a generic row', async () => {
  for (const [code, params] of [['HOST_NOT_LIVE', []], ['HOST_OFFLINE', ['OpaqueRef:h']]] as const) {
    const r = await errorRow(noCalls, getModel(), new XenApiError(code, [...params]));
    assert.deepEqual({ ...r }, { check: 'enabled', host_has: 'not live', vm_needs: 'a live host', result: 'fail' }, code);
  }
});

test('HOST_NOT_ENOUGH_FREE_MEMORY shows what the host has free and what the VM needs', async () => {
  const r = await errorRow(noCalls, getModel(), new XenApiError('HOST_NOT_ENOUGH_FREE_MEMORY', ['17179869184', '4294967296']));
  assert.deepEqual({ ...r }, { check: 'memory', host_has: '4 GiB free', vm_needs: '16 GiB', result: 'fail' });
});
