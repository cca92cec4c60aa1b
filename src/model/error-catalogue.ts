// The error catalogue: parameter names (REFERENCE.md §2) and our own one-sentence descriptions. Codes documented by
// messages in the datamodel but not listed here get no parameter names and a mechanical description.
import type { ErrorDef } from './types.js';

/** code -> [parameter names, description?]. */
const KNOWN: Readonly<Record<string, readonly [readonly string[], string?]>> = {
  SESSION_AUTHENTICATION_FAILED: [[], 'The user name or password is wrong.'],
  SESSION_AUTHORIZATION_FAILED: [['username', 'msg'], 'The user is known but has no role that allows logging in.'],
  SESSION_INVALID: [['handle'], 'The session is not valid (it expired or was logged out).'],
  SESSION_NOT_REGISTERED: [['handle'], 'The session has not registered for events.'],
  HOST_IS_SLAVE: [['Master IP address'], 'This host is a pool supporter; talk to the coordinator instead.'],
  HANDLE_INVALID: [['class', 'handle'], 'The object reference is not valid.'],
  UUID_INVALID: [['type', 'uuid'], 'No object has this UUID.'],
  MESSAGE_METHOD_UNKNOWN: [['method'], 'The server does not know this method.'],
  MESSAGE_PARAMETER_COUNT_MISMATCH: [['method', 'expected', 'received'], 'The call has the wrong number of parameters.'],
  MESSAGE_DEPRECATED: [[], 'The message is deprecated.'],
  MESSAGE_REMOVED: [[], 'The message has been removed from the API.'],
  RBAC_PERMISSION_DENIED: [['permission', 'message'], 'The session\'s roles do not allow this call.'],
  PERMISSION_DENIED: [['message'], 'Permission denied.'],
  USER_IS_NOT_LOCAL_SUPERUSER: [['msg'], 'Only the local superuser may do this.'],
  INTERNAL_ERROR: [['message'], 'The server failed unexpectedly.'],
  OPERATION_NOT_ALLOWED: [['reason'], 'The operation is not allowed.'],
  OTHER_OPERATION_IN_PROGRESS: [['class', 'object', 'operation_type', 'operation_ref'],
    'Another operation is in progress on the object.'],
  VM_BAD_POWER_STATE: [['vm', 'expected', 'actual'], 'The VM is not in the power state the operation needs.'],
  VM_IS_TEMPLATE: [['vm'], 'The operation cannot be performed on a template.'],
  VM_IS_SNAPSHOT: [['vm', 'operation'], 'The operation cannot be performed on a snapshot.'],
  VM_HVM_REQUIRED: [['vm'], 'The VM must be an HVM guest for this.'],
  VM_MISSING_PV_DRIVERS: [['vm'], 'The VM has no PV drivers installed.'],
  VM_LACKS_FEATURE: [['vm'], 'The VM lacks a feature this operation needs.'],
  VM_SHUTDOWN_TIMEOUT: [['vm', 'timeout'], 'The VM did not shut down in time.'],
  VM_FAILED_SHUTDOWN_ACKNOWLEDGMENT: [['vm'], 'The VM did not acknowledge the shutdown request.'],
  VM_REQUIRES_SR: [['vm', 'sr'], 'The host cannot see a storage repository the VM needs.'],
  VM_REQUIRES_NETWORK: [['vm', 'network'], 'The host is not connected to a network the VM needs.'],
  VM_REQUIRES_VDI: [['vm', 'vdi'], 'The host cannot reach a disk the VM needs.'],
  VM_REQUIRES_GPU: [['vm', 'GPU_group'], 'The host has no GPU the VM needs.'],
  VM_NOT_RESIDENT_HERE: [['vm', 'host'], 'The VM is not running on this host.'],
  VM_INCOMPATIBLE_WITH_THIS_HOST: [['vm', 'host', 'reason'], 'The VM cannot run on this host.'],
  VM_HOST_INCOMPATIBLE_VERSION: [['host', 'vm'], 'The host runs a version the VM cannot move to.'],
  VM_TOO_MANY_VCPUS: [['vm'], 'The VM has more vCPUs than allowed.'],
  VM_NO_SUSPEND_SR: [['vm'], 'No storage repository is set for the suspend image.'],
  VM_CHECKPOINT_SUSPEND_FAILED: [['vm'], 'Suspending the VM for a checkpoint failed.'],
  VM_CHECKPOINT_RESUME_FAILED: [['vm'], 'Resuming the VM after a checkpoint failed.'],
  VM_REVERT_FAILED: [['vm', 'snapshot'], 'Reverting the VM to the snapshot failed.'],
  VM_MIGRATE_FAILED: [['vm', 'source', 'destination', 'msg'], 'Migrating the VM failed.'],
  VM_MIGRATE_CONTACT_REMOTE_SERVICE_FAILED: [[], 'The remote migration service could not be reached.'],
  VM_CANNOT_DELETE_DEFAULT_TEMPLATE: [['vm'], 'A default template cannot be deleted.'],
  VM_DUPLICATE_VBD_DEVICE: [['vm', 'vbd', 'device'], 'Two of the VM\'s disks use the same device.'],
  HOST_NOT_ENOUGH_FREE_MEMORY: [['needed', 'available'], 'The host does not have enough free memory.'],
  NO_HOSTS_AVAILABLE: [[], 'No host can run the VM.'],
  HOST_OFFLINE: [['host'], 'The host is offline.'],
  HOST_NOT_LIVE: [[], 'The host is not live.'],
  HOST_DISABLED: [['host'], 'The host is disabled.'],
  HOST_NOT_DISABLED: [[], 'The host must be disabled first.'],
  HOST_HAS_RESIDENT_VMS: [['host'], 'VMs are still running on the host.'],
  HOST_CANNOT_ATTACH_NETWORK: [['host', 'network'], 'The host cannot attach to the network.'],
  HOST_STILL_BOOTING: [[], 'The host is still starting up.'],
  HOST_IN_EMERGENCY_MODE: [[], 'The host is in emergency mode.'],
  CANNOT_CONTACT_HOST: [['host'], 'The host could not be contacted.'],
  CANNOT_EVACUATE_HOST: [['errors'], 'The host cannot be evacuated.'],
  MAP_DUPLICATE_KEY: [['type', 'param_name', 'uuid', 'key'], 'The map already has this key.'],
  INVALID_VALUE: [['field', 'value'], 'A value is not valid.'],
  FIELD_TYPE_ERROR: [['field'], 'A field has the wrong type.'],
  VALUE_NOT_SUPPORTED: [['field', 'value', 'reason'], 'The value is not supported.'],
  MEMORY_CONSTRAINT_VIOLATION: [['constraint'], 'The memory settings break static_min <= dynamic_min <= dynamic_max <= static_max.'],
  LICENCE_RESTRICTION: [['feature'], 'The licence does not allow this feature.'],
  EVENTS_LOST: [[], 'Events were lost; register again and resynchronise.'],
  EVENT_FROM_TOKEN_PARSE_FAILURE: [['token'], 'The event token is not valid.'],
  EVENT_SUBSCRIPTION_PARSE_FAILURE: [['subscription'], 'An event subscription is malformed.'],
  TASK_CANCELLED: [['task'], 'The task was cancelled.'],
  TOO_MANY_PENDING_TASKS: [[], 'Too many tasks are pending.'],
  SR_FULL: [['requested', 'maximum'], 'The storage repository is full.'],
  SR_HAS_NO_PBDS: [['sr'], 'The storage repository is not attached to any host.'],
  SR_NOT_ATTACHED: [['sr'], 'The storage repository is not attached.'],
  SR_BACKEND_FAILURE: [['status', 'stdout', 'stderr'], 'The storage backend failed.'],
  VDI_IN_USE: [['vdi', 'operation'], 'The disk is in use.'],
  VDI_MISSING: [['sr', 'vdi'], 'The disk is missing from its storage repository.'],
  VDI_NOT_AVAILABLE: [['vdi'], 'The disk is not available.'],
  DEVICE_ALREADY_ATTACHED: [['device'], 'The device is already attached.'],
  DEVICE_ALREADY_DETACHED: [['device'], 'The device is already detached.'],
  DEVICE_ALREADY_EXISTS: [['device'], 'A device with this name already exists.'],
  DEVICE_DETACH_REJECTED: [['type', 'ref', 'msg'], 'The guest refused to release the device.'],
  PIF_IS_PHYSICAL: [['PIF'], 'The interface is physical.'],
  NETWORK_CONTAINS_PIF: [['pifs'], 'The network still has physical interfaces.'],
  CANNOT_DESTROY_SYSTEM_NETWORK: [['network'], 'A system network cannot be destroyed.'],
  HA_OPERATION_WOULD_BREAK_FAILOVER_PLAN: [[], 'The operation would break the HA failover plan.'],
  SUBJECT_CANNOT_BE_RESOLVED: [[], 'The subject could not be found in the directory.'],
  SUBJECT_ALREADY_EXISTS: [[], 'The subject has already been added.'],
  ROLE_NOT_FOUND: [[], 'No such role.'],
  ROLE_ALREADY_EXISTS: [[], 'The subject already has this role.'],
  AUTH_IS_DISABLED: [[], 'External authentication is disabled.'],
  NOT_IMPLEMENTED: [['function'], 'The server does not implement this.'],
};

/** The codes with known parameter names, in table order. */
export const KNOWN_ERROR_CODES: readonly string[] = Object.keys(KNOWN);

/** "VM_BAD_POWER_STATE" -> "The server reported VM bad power state." */
function mechanical(code: string): string {
  const words = code.split('_').map((w) => (/^(VM|VDI|VBD|VIF|PIF|PBD|SR|HA|CA|PCI|PGPU|VGPU|USB|CPU|UUID|RBAC|API|SM|DR|TLS)$/
    .test(w) ? w : w.toLowerCase()));
  return `The server reported: ${words.join(' ')}.`;
}

export function errorDef(code: string): ErrorDef {
  const known = KNOWN[code];
  return { code, params: known?.[0] ?? [], description: known?.[1] ?? mechanical(code) };
}
