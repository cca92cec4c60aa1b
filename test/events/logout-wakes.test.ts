// A session destroyed (logout) while event.from or event.next waits in it ends that wait with SESSION_INVALID
// [session], as xapi does, instead of blocking until the timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PASSWORD, asBatch, startHarness } from './harness.js';

test('logout during a blocked event.from / event.next answers SESSION_INVALID at once', async () => {
  const h = await startHarness();
  try {
    const login = async (): Promise<string> => {
      const env = await h.raw('session.login_with_password', ['root', PASSWORD]);
      assert.ok(env.ok);
      return env.value as string;
    };
    const a = await login();
    const first = await h.raw('event.from', [a, ['vm'], '', 0]);
    assert.ok(first.ok);
    const token = asBatch(first.value).token;
    const started = Date.now();
    const waiting = h.raw('event.from', [a, ['vm'], token, 30]);
    setTimeout(() => void h.raw('session.logout', [a]), 20);
    assert.deepEqual(await waiting, { ok: false, error: ['SESSION_INVALID', a] });
    assert.ok(Date.now() - started < 10_000);

    const b = await login();
    assert.ok((await h.raw('event.register', [b, ['pool']])).ok);
    const next = h.raw('event.next', [b]);
    setTimeout(() => void h.raw('session.logout', [b]), 20);
    assert.deepEqual(await next, { ok: false, error: ['SESSION_INVALID', b] });
  } finally {
    h.close();
  }
});
