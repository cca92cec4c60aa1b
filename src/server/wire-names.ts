// The wire names the server's generic front end relies on, in one place; test/server/wire-names.test.ts checks each
// against the model, so a rename in the datamodel fails a test instead of a call.

export const CLASSES = Object.freeze({
  session: 'session',
  pool: 'pool',
  role: 'role',
  task: 'task',
  VDI: 'VDI',
});

export const COMMON_FIELDS = Object.freeze({
  uuid: 'uuid',
  nameLabel: 'name_label',
  nameDescription: 'name_description',
});

export const POOL_FIELDS = Object.freeze({ master: 'master' });

export const SESSION_FIELDS = Object.freeze({
  thisHost: 'this_host',
  lastActive: 'last_active',
  validationTime: 'validation_time',
  isLocalSuperuser: 'is_local_superuser',
  authUserName: 'auth_user_name',
  authUserSid: 'auth_user_sid',
  subject: 'subject',
  rbacPermissions: 'rbac_permissions',
  originator: 'originator',
  parent: 'parent',
});

export const TASK_FIELDS = Object.freeze({
  status: 'status',
  progress: 'progress',
  created: 'created',
  finished: 'finished',
  residentOn: 'resident_on',
  allowedOperations: 'allowed_operations',
  result: 'result',
  type: 'type',
  errorInfo: 'error_info',
});

/** Values of the task_status_type enum and the task_allowed_operations enum the server writes. */
export const TASK_STATUS = Object.freeze({ pending: 'pending', success: 'success', failure: 'failure', cancelled: 'cancelled' });
export const TASK_CANCEL = 'cancel';

export const ROLE_FIELDS = Object.freeze({ subroles: 'subroles', isInternal: 'is_internal' });
