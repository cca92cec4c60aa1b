// The RBAC commands: in process against the fixture server, and over real HTTP as two different users.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedRoles } from '../../src/server/roles-seed.js';
import { runCli, startCliServer, tempHome, type CliServer } from '../helpers/cli.js';
import { startRbacServer, TEST_PASSWORD, type RbacServer } from './harness.js';

function secretFile(dir: string, name: string, text: string, mode = 0o600): string {
  const path = join(dir, name);
  writeFileSync(path, `${text}\n`);
  chmodSync(path, mode);
  return path;
}

describe('rbac commands in process', () => {
  let s: CliServer;
  before(() => {
    s = startCliServer();
    seedRoles(s.store, s.model);
  });

  test('role list: the six roles, most privileged first; role show lists permissions', async () => {
    const r = await runCli(['role', 'list', '-o', 'value', '-c', 'name_label'], { server: s });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n'), ['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin', 'vm-operator', 'read-only']);
    const show = await runCli(['role', 'show', 'vm-operator', '-o', 'json'], { server: s });
    const rec = JSON.parse(show.stdout) as { name_label: string; permissions: string[] };
    assert.equal(rec.name_label, 'vm-operator');
    assert.ok(rec.permissions.includes('vm.start') && !rec.permissions.includes('vm.destroy'));
    const bad = await runCli(['role', 'show', 'superhero'], { server: s });
    assert.equal(bad.code, 2);
  });

  test('whoami over a delegated connection: the owner, pool-admin, local superuser', async () => {
    const r = await runCli(['whoami', '-o', 'json'], { server: s });
    assert.equal(r.code, 0, r.stderr);
    const me = JSON.parse(r.stdout) as Record<string, unknown>;
    assert.equal(me['user'], 'root');
    assert.deepEqual(me['roles'], ['pool-admin']);
    assert.equal(me['is_local_superuser'], true);
  });

  test('subject add (default read-only), grant scoped and plain, revoke, remove; audit list shows it', async () => {
    assert.equal((await runCli(['subject', 'add', 'carol'], { server: s })).code, 0);
    const dup = await runCli(['subject', 'add', 'carol'], { server: s });
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /SUBJECT_ALREADY_EXISTS/);
    assert.equal((await runCli(['subject', 'grant', 'carol', 'vm-operator', '--where', 'profile=web server'], { server: s })).code, 0);
    assert.equal((await runCli(['subject', 'grant', 'carol', 'vm-admin'], { server: s })).code, 0);
    const badWhere = await runCli(['subject', 'grant', 'carol', 'vm-admin', '--where', 'colour=red'], { server: s });
    assert.equal(badWhere.code, 2, 'a field VM lacks is a usage error');
    let list = JSON.parse((await runCli(['subject', 'list', '-o', 'json'], { server: s })).stdout) as Record<string, unknown>[];
    const carol = list.find((x) => x['subject_identifier'] === 'carol');
    // -o json prints the XenAPI record as on the wire: roles are role refs (names only in the table).
    const roles = JSON.parse((await runCli(['role', 'list', '-o', 'json'], { server: s })).stdout) as Array<{ ref: string; name_label: string }>;
    const refOf = (name: string): string | undefined => roles.find((r) => r.name_label === name)?.ref;
    assert.deepEqual([...(carol?.['roles'] as string[])].sort(), [refOf('read-only'), refOf('vm-admin')].sort());
    assert.match(String(carol?.['ref']), /^OpaqueRef:/);
    const table = await runCli(['subject', 'list', '-c', 'subject-identifier,roles'], { server: s });
    assert.match(table.stdout, /carol\tread-only; vm-admin/);
    assert.deepEqual(carol?.['grants'], ['vm-operator on VM where profile=web server']);
    assert.equal((await runCli(['subject', 'revoke', 'carol', 'vm-operator'], { server: s })).code, 0);
    assert.equal((await runCli(['subject', 'revoke', 'carol', 'vm-operator'], { server: s })).code, 2, 'nothing left to revoke');
    list = JSON.parse((await runCli(['subject', 'list', '-o', 'json'], { server: s })).stdout) as Record<string, unknown>[];
    assert.deepEqual(list.find((x) => x['subject_identifier'] === 'carol')?.['grants'], []);
    const audit = await runCli(['audit', 'list', '--where', 'method=subject.add_scoped_role', '-o', 'json'], { server: s });
    const rows = JSON.parse(audit.stdout) as Record<string, string>[];
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.['decision'], 'ALLOWED');
    assert.equal(rows[0]?.['user'], 'root');
    assert.equal((await runCli(['subject', 'remove', 'carol', '--yes'], { server: s })).code, 0);
    assert.equal((await runCli(['subject', 'remove', 'carol', '--yes'], { server: s })).code, 1);
  });

  test('subject add refuses a password file others can read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xenctl-rbac-'));
    const open = secretFile(dir, 'pw', 'secret', 0o644);
    const r = await runCli(['subject', 'add', 'dave', '--new-password-file', open], { server: s });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /chmod 600/);
  });
});

describe('rbac commands over real HTTP, two users', () => {
  let s: RbacServer;
  let dir: string;
  let rootPw: string;
  before(async () => {
    s = await startRbacServer();
    dir = mkdtempSync(join(tmpdir(), 'xenctl-rbac-'));
    rootPw = secretFile(dir, 'root-pw', TEST_PASSWORD);
  });
  after(() => s.close());

  const as = (user: string, pw: string, argv: readonly string[]): ReturnType<typeof runCli> =>
    runCli(['--url', s.url, '-u', user, '--password-file', pw, ...argv], { env: tempHome() });

  test('root adds alice with a password file and a scoped grant; alice logs in, is herself, and is limited', async () => {
    const alicePw = secretFile(dir, 'alice-pw', 'alice-secret');
    const add = await as('root', rootPw, ['subject', 'add', 'alice', '--new-password-file', alicePw]);
    assert.equal(add.code, 0, add.stderr);
    assert.ok(!add.stderr.includes('alice-secret'));
    const grant = await as('root', rootPw, ['subject', 'grant', 'alice', 'vm-operator', '--where', 'name-label=web01']);
    assert.equal(grant.code, 0, grant.stderr);

    const who = await as('alice', alicePw, ['whoami', '-o', 'json']);
    assert.equal(who.code, 0, who.stderr);
    const me = JSON.parse(who.stdout) as Record<string, unknown>;
    assert.equal(me['user'], 'alice');
    assert.equal(me['is_local_superuser'], false);
    assert.deepEqual(me['roles'], ['read-only']);
    assert.deepEqual(me['grants'], ['vm-operator on VM where name-label=web01']);

    const stop = await as('alice', alicePw, ['vm', 'clean-shutdown', 'web01']);
    assert.equal(stop.code, 0, stop.stderr);
    const denied = await as('alice', alicePw, ['vm', 'start', 'db01']);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /RBAC_PERMISSION_DENIED vm\.start/);
    const admin = await as('alice', alicePw, ['subject', 'add', 'mallory']);
    assert.equal(admin.code, 1);
    assert.match(admin.stderr, /RBAC_PERMISSION_DENIED subject\.create/);

    const audit = await as('root', rootPw, ['audit', 'list', '--where', 'user=alice', '-o', 'json']);
    const rows = (JSON.parse(audit.stdout) as Record<string, string>[]).filter((r) => !(r['method'] ?? '').startsWith('task.'));
    assert.deepEqual(rows.map((r) => [r['method'], r['object'], r['decision']]),
      [['VM.clean_shutdown', s.fixture.web, 'ALLOWED'], ['VM.start', s.fixture.db, 'DENIED'], ['subject.create', '', 'DENIED']]);
    const notAdmin = await as('alice', alicePw, ['audit', 'list']);
    assert.equal(notAdmin.code, 1);
  });

  test('a user with an account but no subject: SESSION_AUTHORIZATION_FAILED, exit 4', async () => {
    await s.xapi.context.accounts.setPassword('bob', 'bob-secret');
    const r = await as('bob', secretFile(dir, 'bob-pw', 'bob-secret'), ['whoami']);
    assert.match(r.stderr, /SESSION_AUTHORIZATION_FAILED/);
    assert.equal(r.code, 4);
  });
});
