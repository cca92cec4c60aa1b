// The exact denial, who may log in, the role objects' messages, and subject administration.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { roleRef } from '../../src/server/roles-seed.js';
import { startRbacServer, valueOf, type RbacServer } from './harness.js';

describe('denials, logins and role objects', () => {
  let s: RbacServer;
  before(async () => {
    s = await startRbacServer();
    await s.addUser('olive', ['vm-operator']);
    await s.addUser('rita', ['read-only']);
  });
  after(() => s.close());

  test('a denied call answers RBAC_PERMISSION_DENIED [permission, text] exactly as xapi', async () => {
    const olive = await s.sessionOf('olive');
    assert.deepEqual(await s.call('VM.destroy', olive, s.fixture.db), {
      ok: false,
      error: ['RBAC_PERMISSION_DENIED', 'vm.destroy',
        'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin)'],
    });
    // Async calls are checked under the synchronous name, before any task exists.
    const tasks = s.store.count('task');
    const r = await s.call('Async.VM.destroy', olive, s.fixture.db);
    assert.equal(!r.ok && r.error[1], 'vm.destroy');
    assert.equal(s.store.count('task'), tasks);
    assert.ok(s.store.has('VM', s.fixture.db), 'nothing happened');
  });

  test('an allowed call runs; the read-only role reads but cannot start', async () => {
    const rita = await s.sessionOf('rita');
    assert.equal(valueOf(await s.call('VM.get_name_label', rita, s.fixture.db)), 'db01');
    const r = await s.call('VM.start', rita, s.fixture.db, false, false);
    assert.equal(!r.ok && r.error[0], 'RBAC_PERMISSION_DENIED');
    assert.equal(!r.ok && r.error[2],
      'No permission in user session. (Roles with this permission: pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator)');
  });

  test('the session holds the subject, its identifier and the frozen permissions', async () => {
    const olive = await s.sessionOf('olive');
    const rec = valueOf(await s.call('session.get_record', olive, olive)) as Record<string, unknown>;
    assert.equal(rec['is_local_superuser'], false);
    assert.equal(rec['auth_user_name'], 'olive');
    assert.equal(rec['auth_user_sid'], 'olive');
    const perms = rec['rbac_permissions'] as string[];
    assert.ok(perms.includes('vm.start') && perms.includes('vm.get_record') && !perms.includes('vm.destroy'));
    assert.ok((valueOf(await s.call('session.get_all_subject_identifiers', s.session)) as string[]).includes('olive'));
  });

  test('an account without a subject: SESSION_AUTHORIZATION_FAILED [username, msg]', async () => {
    await s.xapi.context.accounts.setPassword('stranger', 'test-password');
    const r = await s.login('stranger');
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.error[0], 'SESSION_AUTHORIZATION_FAILED');
    assert.equal(!r.ok && r.error[1], 'stranger');
    assert.equal(!r.ok && r.error.length, 3);
    // a delegated channel of another user than the owner is a subject too
    const other = await s.xapi.handleCall('session.login_with_password', ['', ''], { kind: 'unix', user: 'mallory' });
    assert.equal(!other.ok && other.error[0], 'SESSION_AUTHORIZATION_FAILED');
    const owner = await s.xapi.handleCall('session.login_with_password', ['', ''], { kind: 'unix', user: 'xenctl-owner' });
    assert.equal(owner.ok, true);
  });

  test('role changes apply at the next login', async () => {
    const subject = await s.addUser('vince', ['read-only']);
    const before = await s.sessionOf('vince');
    valueOf(await s.call('subject.add_to_roles', s.session, subject, roleRef('vm-admin')));
    assert.equal((await s.call('VM.set_name_description', before, s.fixture.db, 'x')).ok, false);
    const after = await s.sessionOf('vince');
    assert.deepEqual(await s.call('VM.set_name_description', after, s.fixture.db, 'x'), { ok: true, value: '' });
  });

  test('role objects: pool-admin fixed uuid, get_permissions*, get_by_permission*', async () => {
    const admin = valueOf(await s.call('role.get_by_name_label', s.session, 'pool-admin')) as string[];
    assert.deepEqual(admin, ['OpaqueRef:0165f154-ba3e-034e-6b27-5d271af109ba']);
    const names = valueOf(await s.call('role.get_permissions_name_label', s.session, roleRef('vm-operator'))) as string[];
    assert.ok(names.includes('vm.start') && !names.includes('vm.destroy'));
    const refs = valueOf(await s.call('role.get_permissions', s.session, roleRef('vm-operator'))) as string[];
    assert.equal(refs.length, names.length);
    const holders = valueOf(await s.call('role.get_by_permission_name_label', s.session, 'vm.destroy')) as string[];
    assert.deepEqual(holders.sort(), ['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin'].map(roleRef).sort());
    assert.deepEqual((valueOf(await s.call('role.get_by_permission', s.session, roleRef('vm.destroy'))) as string[]).sort(), holders.sort());
  });

  test('subject administration: duplicates, unknown roles, permissions, destroy ends sessions', async () => {
    const dup = await s.call('subject.create', s.session, { subject_identifier: 'olive', other_config: {} });
    assert.deepEqual(dup, { ok: false, error: ['SUBJECT_ALREADY_EXISTS'] });
    const subject = await s.addUser('tmp', ['vm-admin']);
    assert.deepEqual(await s.call('subject.add_to_roles', s.session, subject, roleRef('vm-admin')), { ok: false, error: ['ROLE_ALREADY_EXISTS'] });
    assert.deepEqual(await s.call('subject.add_to_roles', s.session, subject, roleRef('vm.start')), { ok: false, error: ['ROLE_NOT_FOUND'] });
    assert.deepEqual(await s.call('subject.remove_from_roles', s.session, subject, roleRef('read-only')), { ok: false, error: ['ROLE_NOT_FOUND'] });
    const perms = valueOf(await s.call('subject.get_permissions_name_label', s.session, subject)) as string[];
    assert.ok(perms.includes('vm.destroy') && !perms.includes('host.shutdown'));
    const tmp = await s.sessionOf('tmp');
    valueOf(await s.call('subject.destroy', s.session, subject));
    assert.equal((await s.call('VM.get_all', tmp)).ok, false, 'its session ended');
    const again = await s.login('tmp');
    assert.equal(!again.ok && again.error[0], 'SESSION_AUTHENTICATION_FAILED', 'its account went too');
  });

  test('subject administration needs pool-admin', async () => {
    const olive = await s.sessionOf('olive');
    const r = await s.call('subject.create', olive, { subject_identifier: 'eve', other_config: {} });
    assert.equal(!r.ok && r.error[0], 'RBAC_PERMISSION_DENIED');
    assert.equal(!r.ok && r.error[1], 'subject.create');
  });
});
