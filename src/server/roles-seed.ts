// The RBAC role objects of a new state, laid out as xapi exposes them: the six public roles, whose subroles are
// permission objects (themselves internal roles named by the lower-cased wire name, e.g. `vm.start`).
// Uuids are stable across servers: pool-admin's is fixed, every other one is the MD5 of the name shaped as a uuid;
// refs are `OpaqueRef:` + uuid, as xapi derives them for its static roles.
import { createHash } from 'node:crypto';
import type { Model } from '../model/types.js';
import { ROLES } from '../model/types.js';
import type { Role } from '../model/types.js';
import { isAllowed } from '../model/roles.js';
import { makeRecord } from './store/records.js';
import type { ObjectStore } from './store/types.js';
import { CLASSES, COMMON_FIELDS, ROLE_FIELDS } from './wire-names.js';

const ROLE = CLASSES.role;
const REF_PREFIX = 'OpaqueRef:';
const POOL_ADMIN_UUID = '0165f154-ba3e-034e-6b27-5d271af109ba';

const ROLE_TEXT: Readonly<Record<Role, string>> = {
  'pool-admin': 'Everything, including dom0 access, subjects, roles and external authentication',
  'pool-operator': 'Pool and host resources: storage, networking, pooling, patches, HA',
  'vm-power-admin': 'VMs and templates, where VMs run, dynamic memory, snapshots and migration',
  'vm-admin': 'VMs and templates',
  'vm-operator': 'Using VMs: power operations, consoles, CDs, tags',
  'read-only': 'Logging in and reading everything',
};

export function roleUuid(name: string): string {
  if (name === 'pool-admin') return POOL_ADMIN_UUID;
  const h = createHash('md5').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function roleRef(name: string): string {
  return REF_PREFIX + roleUuid(name);
}

/** Permission name of a message: its lower-cased wire name (Async calls share the sync name). */
export function permissionName(cls: string, message: string): string {
  return `${cls}.${message}`.toLowerCase();
}

/** Creates the role and permission objects that are missing. Returns how many were created. */
export function seedRoles(store: ObjectStore, model: Model): number {
  const perms = new Map<string, string[]>();
  for (const c of model.classes.values()) {
    for (const m of c.messages) {
      if (m.lifecycle === 'removed') continue;
      const allowed = ROLES.filter((r) => isAllowed(m, r));
      if (allowed.length > 0) perms.set(permissionName(c.name, m.name), allowed);
    }
  }
  let created = 0;
  const put = (name: string, description: string, subroles: string[], internal: boolean): void => {
    const ref = roleRef(name);
    if (store.has(ROLE, ref)) return;
    store.create(ROLE, ref, makeRecord(model, ROLE, {
      [COMMON_FIELDS.uuid]: roleUuid(name),
      [COMMON_FIELDS.nameLabel]: name,
      [COMMON_FIELDS.nameDescription]: description,
      [ROLE_FIELDS.subroles]: subroles,
      [ROLE_FIELDS.isInternal]: internal,
    }));
    created++;
  };
  for (const name of perms.keys()) put(name, '', [], true);
  for (const role of ROLES) {
    const subroles = [...perms].filter(([, roles]) => roles.includes(role)).map(([name]) => roleRef(name));
    put(role, ROLE_TEXT[role], subroles, false);
  }
  return created;
}
