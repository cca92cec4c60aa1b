// The wire names and private tables RBAC relies on, in one place (checked against the model by test/rbac).

export const SUBJECT_CLASS = 'subject';

export const SUBJECT_FIELDS = Object.freeze({
  identifier: 'subject_identifier',
  otherConfig: 'other_config',
  roles: 'roles',
});

/** The subject's other_config key holding its display name, as xapi's subject-add writes it. */
export const SUBJECT_NAME_KEY = 'subject-name';

/** Our extension messages (INTERFACES.md: scoped grants, server accounts of subjects, the audit log). */
export const RBAC_EXTENSION_MESSAGES = Object.freeze({
  setPassword: 'subject.set_password',
  addScopedRole: 'subject.add_scoped_role',
  removeScopedRole: 'subject.remove_scoped_role',
  getScopedRoles: 'subject.get_scoped_roles',
  getAuditRecords: 'pool.get_audit_records',
});

/** The keys of one scoped grant as subject.get_scoped_roles answers it. */
export const GRANT_KEYS = Object.freeze({ role: 'role', cls: 'class', where: 'where' });

/** The keys of one audit record as pool.get_audit_records answers it. */
export const AUDIT_KEYS = Object.freeze({
  time: 'time', user: 'user', subject: 'subject', method: 'method', permission: 'permission',
  class: 'class', object: 'object', decision: 'decision',
});

export const DECISION = Object.freeze({ allowed: 'ALLOWED', denied: 'DENIED' });

/** Private store tables (not datamodel classes). */
export const GRANT_TABLE = 'xenctl_grant';
export const AUDIT_TABLE = 'xenctl_audit';

/** A message whose handler makes its own local-superuser check (USER_IS_NOT_LOCAL_SUPERUSER), as xapi does. */
export const SELF_CHECKED = Object.freeze(['session.change_password']);
