// Scoped grants (our extension): a role on the objects a selector matches only; and the audit log of mutating calls.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRecord, newRef } from '../../src/server/store/records.js';
import { roleRef } from '../../src/server/roles-seed.js';
import { startRbacServer, valueOf, type RbacServer } from './harness.js';

describe('scoped grants and the audit log', () => {
  let s: RbacServer;
  let web: string;
  let wendy: string;
  before(async () => {
    s = await startRbacServer();
    web = newRef();
    s.store.create('VM', web, makeRecord(s.model, 'VM', {
      name_label: 'web09', power_state: 'Halted', profile: ['web server'], memory_static_max: 1073741824n,
      memory_dynamic_max: 1073741824n, memory_dynamic_min: 1073741824n, memory_static_min: 1073741824n,
    }));
    s.store.update('VM', s.fixture.db, { profile: ['dbms host'] });
    const subject = await s.addUser('wendy', []);
    valueOf(await s.call('subject.add_scoped_role', s.session, subject, roleRef('vm-operator'), 'vm', ['profile=web server']));
    wendy = await s.sessionOf('wendy');
  });
  after(() => s.close());

  test('vm-operator only on VMs with profile "web server": web09 starts, db01 is denied', async () => {
    const ok = await s.call('VM.start', wendy, web, false, false);
    assert.ok(ok.ok || ok.error[0] !== 'RBAC_PERMISSION_DENIED', JSON.stringify(ok));
    const denied = await s.call('VM.start', wendy, s.fixture.db, false, false);
    assert.deepEqual(denied, { ok: false, error: ['RBAC_PERMISSION_DENIED', 'vm.start',
      'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator)'] });
    // the grant gives vm-operator's permissions only: destroying even a web server is vm-admin's
    const destroy = await s.call('VM.destroy', wendy, web);
    assert.equal(!destroy.ok && destroy.error[0], 'RBAC_PERMISSION_DENIED');
  });

  test('a session of scoped grants only reads pool-wide (read-only) and lists its grants', async () => {
    assert.ok(Object.keys(valueOf(await s.call('VM.get_all_records', wendy)) as object).length >= 2);
    const subject = valueOf(await s.call('session.get_subject', wendy, wendy)) as string;
    assert.deepEqual(valueOf(await s.call('subject.get_scoped_roles', wendy, subject)),
      [{ role: 'vm-operator', class: 'VM', where: 'profile=web server' }]);
  });

  test('the grant follows the object: a VM given the profile becomes reachable, scoped grants apply at once', async () => {
    s.store.update('VM', s.fixture.db, { profile: ['dbms host', 'web server'] });
    const r = await s.call('VM.add_tags', wendy, s.fixture.db, 'ok');
    assert.deepEqual(r, { ok: true, value: '' });
    s.store.update('VM', s.fixture.db, { profile: ['dbms host'] });
    const subject = valueOf(await s.call('session.get_subject', wendy, wendy)) as string;
    valueOf(await s.call('subject.remove_scoped_role', s.session, subject, roleRef('vm-operator')));
    const after = await s.call('VM.add_tags', wendy, web, 'gone');
    assert.equal(!after.ok && after.error[0], 'RBAC_PERMISSION_DENIED');
    const again = await s.call('subject.remove_scoped_role', s.session, subject, roleRef('vm-operator'));
    assert.deepEqual(again, { ok: false, error: ['ROLE_NOT_FOUND'] });
    valueOf(await s.call('subject.add_scoped_role', s.session, subject, roleRef('vm-operator'), 'VM', ['profile=web server']));
  });

  test('a bad selector or class is refused when granted', async () => {
    const subject = valueOf(await s.call('session.get_subject', wendy, wendy)) as string;
    const bad = await s.call('subject.add_scoped_role', s.session, subject, roleRef('vm-admin'), 'VM', ['nosuchfield=1']);
    assert.deepEqual(bad, { ok: false, error: ['INVALID_VALUE', 'where', 'nosuchfield=1'] });
    const cls = await s.call('subject.add_scoped_role', s.session, subject, roleRef('vm-admin'), 'nosuchclass', []);
    assert.deepEqual(cls, { ok: false, error: ['INVALID_VALUE', 'class', 'nosuchclass'] });
  });

  test('the audit log records mutating calls, allowed and denied, with who and which object; not reads', async () => {
    const since = new Date(Date.now() - 1000);
    await s.call('VM.add_tags', wendy, web, 'audited');
    await s.call('VM.add_tags', wendy, s.fixture.db, 'nope');
    await s.call('VM.get_record', wendy, web);
    const rows = valueOf(await s.call('pool.get_audit_records', s.session, since)) as Record<string, string>[];
    const mine = rows.filter((r) => r['user'] === 'wendy');
    const tags = mine.filter((r) => r['method'] === 'VM.add_tags');
    assert.deepEqual(tags.slice(-2).map((r) => [r['object'], r['decision'], r['permission']]),
      [[web, 'ALLOWED', 'vm.add_tags'], [s.fixture.db, 'DENIED', 'vm.add_tags']]);
    assert.ok(tags.every((r) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(r['time'] ?? '')));
    assert.equal(mine.filter((r) => r['method'] === 'VM.get_record').length, 0, 'reads are not audited');
    const denied = await s.call('pool.get_audit_records', wendy, since);
    assert.equal(!denied.ok && denied.error[0], 'RBAC_PERMISSION_DENIED', 'only pool-admin reads the log');
  });
});
