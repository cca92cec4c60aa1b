// Our own short descriptions: hand-written for the main classes and common messages, mechanical for the rest.
import type { ImplicitKind, Qualifier } from './types.js';

const CLASS_TEXT: Readonly<Record<string, string>> = {
  session: 'A logged-in connection to the API; most calls take one.',
  auth: 'Lookups against the external directory used for authentication.',
  subject: 'A user or group from the external directory that has been granted roles.',
  role: 'A named set of permissions (RBAC).',
  task: 'The progress and outcome of a long-running (asynchronous) operation.',
  event: 'Change notifications for objects in the database.',
  pool: 'The pool of hosts that share a database; there is exactly one.',
  VM: 'A virtual machine, template or snapshot.',
  VM_metrics: 'Runtime measurements of a VM.',
  VM_guest_metrics: 'Information reported by the agent running inside a VM.',
  VM_appliance: 'A group of VMs started and stopped together.',
  VMSS: 'A schedule that takes snapshots of VMs.',
  host: 'A physical server in the pool.',
  host_metrics: 'Runtime measurements of a host.',
  host_cpu: 'A physical CPU of a host.',
  network: 'A virtual network that VIFs and PIFs connect to.',
  VIF: "A VM's virtual network interface (NIC).",
  PIF: 'A physical (or VLAN/bond) network interface of a host.',
  Bond: 'An aggregation of PIFs into one logical interface.',
  VLAN: 'A VLAN-tagged PIF on top of another PIF.',
  SM: 'A storage manager plugin (an SR driver).',
  SR: 'A storage repository holding virtual disks.',
  VDI: 'A virtual disk image.',
  VBD: 'A virtual block device: the attachment of a VDI to a VM.',
  PBD: 'The attachment of an SR to a host.',
  console: 'A console of a VM (text or graphical).',
  message: 'An alert about an object, kept outside the main database.',
  blob: 'A named binary object attached to another object.',
  secret: 'A secret value (such as a password) referenced from elsewhere.',
  tunnel: 'A network tunnel between hosts.',
  user: 'A local user (deprecated).',
  Certificate: 'A TLS certificate installed on a host or pool.',
};

export function classDescription(cls: string): string {
  return CLASS_TEXT[cls] ?? `The \`${cls}\` class.`;
}

/** "a VM", "an SR", "a host". */
export function article(cls: string): string {
  return /^[AEFHILMNORSX]([A-Z_]|$)/.test(cls) || /^[aeiouAEIOU][a-z]/.test(cls) ? `an ${cls}` : `a ${cls}`;
}

const HOW: Readonly<Record<Qualifier, string>> = { RW: 'read/write', 'RO/constructor': 'set at creation', 'RO/runtime': 'read-only' };

export function fieldDescription(cls: string, name: string, qualifier: Qualifier): string {
  return `The \`${name}\` field of ${article(cls)} (${HOW[qualifier]}).`;
}

/** `a` is article(cls), computed once per class by the caller. */
export function implicitDescription(cls: string, a: string, kind: ImplicitKind, field?: string): string {
  switch (kind) {
    case 'get_field':
      return `Get the \`${field ?? ''}\` field of ${a}.`;
    case 'set_field':
      return `Set the \`${field ?? ''}\` field of ${a}.`;
    case 'add_to_map':
      return `Add a key and value to the \`${field ?? ''}\` map of ${a}.`;
    case 'remove_from_map':
      return `Remove a key from the \`${field ?? ''}\` map of ${a}.`;
    case 'add_to_set':
      return `Add a value to the \`${field ?? ''}\` set of ${a}.`;
    case 'remove_from_set':
      return `Remove a value from the \`${field ?? ''}\` set of ${a}.`;
    case 'get_record':
      return `Get the whole record of ${a}.`;
    case 'get_all':
      return `List the references of every ${cls}.`;
    case 'get_all_records':
      return `Get the records of every ${cls}, by reference.`;
    case 'get_all_where':
      return `List the references of every ${cls} matching a filter expression.`;
    case 'get_all_records_where':
      return `Get the records of every ${cls} matching a filter expression.`;
    case 'get_by_uuid':
      return `Find ${a} by its UUID.`;
    case 'get_by_name_label':
      return `Find every ${cls} with the given name label.`;
    case 'create':
      return `Create ${a} from a record of its fields.`;
    case 'destroy':
      return `Destroy ${a}.`;
  }
}

const MESSAGE_TEXT: Readonly<Record<string, string>> = {
  'session.login_with_password': 'Log in with a user name and password, returning a new session.',
  'session.logout': 'Log out, ending the session.',
  'session.slave_local_login_with_password': 'Log in to this host alone (emergency mode), without the coordinator.',
  'session.local_logout': 'Log out of a session made by slave_local_login_with_password.',
  'session.change_password': 'Change the password of the logged-in local superuser.',
  'VM.start': 'Start a halted VM.',
  'VM.start_on': 'Start a halted VM on a given host.',
  'VM.clean_shutdown': 'Ask the guest to shut down.',
  'VM.clean_reboot': 'Ask the guest to reboot.',
  'VM.hard_shutdown': 'Stop a VM at once, as if its power were cut.',
  'VM.hard_reboot': 'Reset a VM at once.',
  'VM.shutdown': 'Shut a VM down cleanly, falling back to a hard shutdown.',
  'VM.suspend': 'Save a running VM to disk and stop it.',
  'VM.resume': 'Resume a suspended VM.',
  'VM.resume_on': 'Resume a suspended VM on a given host.',
  'VM.pause': 'Pause a running VM.',
  'VM.unpause': 'Resume a paused VM.',
  'VM.clone': 'Clone a VM, sharing disks copy-on-write where the storage allows.',
  'VM.copy': 'Copy a VM with full copies of its disks.',
  'VM.snapshot': 'Take a disk snapshot of a VM.',
  'VM.checkpoint': 'Take a snapshot of a VM including its memory.',
  'VM.revert': 'Revert a VM to a snapshot.',
  'VM.provision': 'Create the disks a template clone describes.',
  'VM.pool_migrate': 'Move a running VM to another host of the pool.',
  'VM.migrate_send': 'Move a VM, with its storage, to another host or pool.',
  'VM.assert_can_boot_here': 'Check whether a VM could start on a given host.',
  'VM.get_possible_hosts': 'List the hosts a VM could start on.',
  'host.enable': 'Allow new VMs to start on a host.',
  'host.disable': 'Stop new VMs from starting on a host.',
  'host.evacuate': 'Move every VM off a host.',
  'host.reboot': 'Reboot a (disabled) host.',
  'host.shutdown': 'Shut down a (disabled) host.',
  'event.from': 'Wait for and return the changes since a token.',
  'event.register': 'Subscribe to events for classes (legacy).',
  'event.unregister': 'Unsubscribe from events for classes (legacy).',
  'event.next': 'Wait for the next events (legacy).',
  'event.inject': 'Generate an event on an object.',
  'task.cancel': 'Ask for a task to be cancelled.',
  'SR.scan': 'Refresh the list of VDIs in an SR.',
  'VDI.resize': 'Change the size of a VDI.',
  'VBD.plug': 'Attach a VBD to a running VM.',
  'VBD.unplug': 'Detach a VBD from a running VM.',
  'VIF.plug': 'Attach a VIF to a running VM.',
  'VIF.unplug': 'Detach a VIF from a running VM.',
  'PBD.plug': 'Attach an SR to a host.',
  'PBD.unplug': 'Detach an SR from a host.',
  'VM.power_state_reset': 'Mark a VM halted without touching it (after its host died).',
  'VM.set_memory_limits': 'Set all four memory limits of a VM at once.',
  'VM.set_memory': 'Set the memory of a VM (static and dynamic maximum).',
  'VM.set_VCPUs_number_live': 'Change the number of vCPUs of a running VM.',
  'VM.send_sysrq': 'Send a SysRq key to a VM.',
  'VM.call_plugin': 'Call a plugin function in the guest agent.',
  'VM.import': 'Import VMs from a URL.',
  'VM.get_allowed_VBD_devices': 'List the disk device numbers still free on a VM.',
  'VM.get_allowed_VIF_devices': 'List the network device numbers still free on a VM.',
  'VM.assert_can_migrate': 'Check whether migrate_send would succeed, moving nothing.',
  'VM.assert_operation_valid': 'Check whether an operation is allowed on a VM now.',
  'VM.compute_memory_overhead': 'Compute the memory a VM needs beyond its own.',
  'host.restart_agent': 'Restart the management agent of a host.',
  'host.power_on': 'Power a host on.',
  'host.dmesg': 'Get the kernel log of a host.',
  'host.compute_free_memory': 'Compute the memory a host has free for VMs.',
  'host.call_plugin': 'Call a plugin function on a host.',
  'host.get_servertime': 'Get the current time on a host (UTC).',
  'host.list_methods': 'List the API methods the host serves.',
  'host.migrate_receive': 'Prepare a host to receive a VM from another pool.',
  'pool.join': 'Join this host to another pool.',
  'pool.eject': 'Remove a host from the pool.',
  'pool.designate_new_master': 'Hand the coordinator role to another host.',
  'pool.sync_database': 'Copy the pool database to every host.',
  'pool.enable_ha': 'Turn on high availability.',
  'pool.disable_ha': 'Turn off high availability.',
  'task.create': 'Create a task for client-side progress reporting.',
  'event.get_current_id': 'Get the id of the newest event (legacy).',
  'SR.create': 'Create a storage repository and attach it to a host.',
  'SR.introduce': 'Record an existing storage repository in the database.',
  'SR.forget': 'Remove a storage repository from the database, leaving its data.',
  'SR.probe': 'Look for storage repositories a device configuration reaches.',
  'SR.update': 'Refresh the sizes of an SR.',
  'SR.get_supported_types': 'List the SR types the pool supports.',
  'VDI.copy': 'Copy a VDI, possibly to another SR.',
  'VDI.clone': 'Clone a VDI, copy-on-write where the storage allows.',
  'VDI.snapshot': 'Take a read-only snapshot of a VDI.',
  'VDI.resize_online': 'Change the size of a VDI in use.',
  'VDI.forget': 'Remove a VDI from the database, leaving its data.',
  'VDI.introduce': 'Record an existing VDI in the database.',
  'VDI.pool_migrate': 'Move a VDI in use to another SR.',
  'VBD.insert': 'Insert a disk into an empty CD drive.',
  'VBD.eject': 'Eject the disk from a CD drive.',
  'VBD.unplug_force': 'Detach a VBD from a running VM without asking the guest.',
  'VIF.unplug_force': 'Detach a VIF from a running VM without asking the guest.',
  'VIF.move': 'Connect a VIF to another network.',
  'PIF.plug': 'Bring a PIF up.',
  'PIF.unplug': 'Take a PIF down.',
  'PIF.reconfigure_ip': 'Change the IPv4 settings of a PIF.',
  'PIF.scan': 'Find new physical interfaces on a host.',
  'PIF.introduce': 'Record a physical interface in the database.',
  'PIF.forget': 'Remove a PIF from the database.',
  'message.create': 'Create an alert about an object.',
  'message.get': 'Get the alerts about an object since a time.',
  'message.get_since': 'Get every alert since a time.',
  'subject.add_to_roles': 'Grant a role to a subject.',
  'subject.remove_from_roles': 'Take a role from a subject.',
  'role.get_permissions': 'List the permissions a role grants.',
  'role.get_by_permission': 'List the roles that grant a permission.',
};

/** The messages with a hand-written description (a test checks each exists). */
export function handDescribedMessages(): string[] {
  return Object.keys(MESSAGE_TEXT);
}

/** Explicit messages named like a field's implicit ones (e.g. VM.set_memory_static_max, VM.add_to_other_config). */
const FIELD_LIKE: readonly (readonly [string, ImplicitKind])[] = [
  ['get_', 'get_field'], ['set_', 'set_field'], ['add_to_', 'add_to_map'], ['remove_from_', 'remove_from_map'],
  ['add_', 'add_to_set'], ['remove_', 'remove_from_set'],
];

export function messageDescription(cls: string, name: string, hasField: (f: string) => boolean): string {
  const hand = MESSAGE_TEXT[`${cls}.${name}`];
  if (hand !== undefined) return hand;
  const a = article(cls);
  for (const [prefix, kind] of FIELD_LIKE) {
    if (name.startsWith(prefix) && hasField(name.slice(prefix.length))) {
      return implicitDescription(cls, a, kind, name.slice(prefix.length));
    }
  }
  return `Perform \`${name}\` on ${a}.`;
}
