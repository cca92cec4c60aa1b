// For every role: the RBAC decision on each message equals the model's isAllowed — checked in full on decide(),
// and over the wire for one representative message of every permission group (messages sharing a role list).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageDef, XenValue } from '../../src/model/types.js';
import { ROLES } from '../../src/model/types.js';
import { isAllowed } from '../../src/model/roles.js';
import { zeroValue } from '../../src/model/values.js';
import { decide } from '../../src/server/authorize.js';
import { permissionsOfRoles } from '../../src/server/rbac/permissions.js';
import { startRbacServer, type RbacServer } from './harness.js';

const BOGUS = 'OpaqueRef:00000000-0000-0000-0000-00000000bad0';

/** Messages by their role list, skipping the login family and messages with no role (local root only). */
function permissionGroups(messages: readonly MessageDef[]): Map<string, MessageDef[]> {
  const groups = new Map<string, MessageDef[]>();
  for (const m of messages) {
    if (m.sessionless || m.lifecycle === 'removed') continue;
    const key = m.roles.join(',');
    const list = groups.get(key) ?? [];
    list.push(m);
    groups.set(key, list);
  }
  return groups;
}

/** A harmless representative: one acting on an object (a bogus ref makes an allowed call fail after RBAC). */
function representative(list: readonly MessageDef[]): MessageDef | undefined {
  return list.find((m) => m.params[0]?.type.kind === 'ref' && m.implicit?.kind !== 'create')
    ?? list.find((m) => m.implicit?.kind === 'get_all');
}

describe('the role × permission matrix', () => {
  let s: RbacServer;
  const sessions = new Map<string, string>();
  before(async () => {
    s = await startRbacServer();
    for (const role of ROLES) {
      await s.addUser(`user-${role}`, [role]);
      sessions.set(role, await s.sessionOf(`user-${role}`));
    }
  });
  after(() => s.close());

  test('decide() equals isAllowed for every message and every role', () => {
    const all = [...s.model.classes.values()].flatMap((c) => c.messages).filter((m) => !m.sessionless && m.lifecycle !== 'removed');
    for (const role of ROLES) {
      const record = { is_local_superuser: false, rbac_permissions: permissionsOfRoles(s.model, [role]), subject: 'OpaqueRef:NULL' };
      for (const m of all) {
        if (m.roles.length === 0) continue;
        assert.equal(decide(s.xapi.context, { ref: 'x', record }, m, []), isAllowed(m, role), `${role} ${m.cls}.${m.name}`);
      }
    }
  });

  test('over the wire, each permission group answers as the model says for each role', async () => {
    const all = [...s.model.classes.values()].flatMap((c) => c.messages);
    const groups = permissionGroups(all);
    assert.ok(groups.size >= 8, `found ${groups.size} permission groups`);
    let checked = 0;
    for (const [key, list] of groups) {
      const m = representative(list);
      if (m === undefined) continue;
      const args: XenValue[] = m.params.filter((p) => p.required)
        .map((p) => (p.type.kind === 'ref' ? BOGUS : zeroValue(p.type, s.model.enums)));
      for (const role of ROLES) {
        const session = sessions.get(role) ?? '';
        const r = await s.call(`${m.cls}.${m.name}`, session, ...args);
        const denied = !r.ok && r.error[0] === 'RBAC_PERMISSION_DENIED';
        assert.equal(!denied, isAllowed(m, role), `${role} on ${m.cls}.${m.name} [${key}]: ${JSON.stringify(r)}`);
      }
      checked++;
    }
    assert.ok(checked >= 8, `checked ${checked} groups`);
  });

  test('the owner (root over http) bypasses RBAC: is_local_superuser, no permissions needed', async () => {
    const rec = await s.call('session.get_record', s.session, s.session);
    assert.ok(rec.ok && typeof rec.value === 'object' && !Array.isArray(rec.value) && !(rec.value instanceof Date));
    const v = rec.value as Record<string, XenValue>;
    assert.equal(v['is_local_superuser'], true);
    const r = await s.call('pool.set_name_label', s.session, s.fixture.pool, 'renamed');
    assert.deepEqual(r, { ok: true, value: '' });
  });
});
