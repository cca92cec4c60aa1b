// A low role flooding the server with refused calls cannot push the record of what was done out of the audit log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_CAP, auditRecords } from '../../src/server/rbac/audit.js';
import { startRbacServer, HTTP, valueOf } from './harness.js';

test('audit: a flood of denied calls keeps the allowed rows; each decision keeps its newest AUDIT_CAP rows', { timeout: 120_000 }, async () => {
  const s = await startRbacServer();
  try {
    await s.addUser('mallory', ['read-only']);
    const mallory = await s.sessionOf('mallory');
    const pool = (valueOf(await s.call('pool.get_all', s.session)) as string[])[0] ?? '';
    valueOf(await s.call('pool.set_name_description', s.session, pool, 'evidence'));
    const flood = 2 * AUDIT_CAP + AUDIT_CAP / 10 + 1000;
    for (let i = 0; i < flood; i++) {
      const r = await s.xapi.handleCall('pool.set_name_description', [mallory, pool, 'x'], HTTP);
      assert.equal(!r.ok && r.error[0], 'RBAC_PERMISSION_DENIED');
    }
    const rows = auditRecords(s.store, undefined);
    const allowed = rows.filter((r) => r['decision'] === 'ALLOWED');
    const denied = rows.filter((r) => r['decision'] === 'DENIED');
    assert.ok(allowed.some((r) => r['method'] === 'pool.set_name_description' && r['user'] === 'root'), "root's change is still on record");
    assert.ok(allowed.some((r) => r['method'] === 'subject.create'), 'so is the subject made for mallory');
    assert.ok(denied.length >= AUDIT_CAP && denied.length < flood - AUDIT_CAP / 2, `the oldest denied rows went: ${denied.length} kept`);
    assert.equal(denied.at(-1)?.['user'], 'mallory', 'the newest denied rows are kept');
  } finally {
    await s.close();
  }
});
