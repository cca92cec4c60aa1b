// The keys of VM.clone's customization map (INTERFACES.md, Extensions), in one place for server and CLI.

export const CUSTOM = {
  hostname: 'hostname',
  reset: 'reset',
  filePrefix: 'file:',
  patchPrefix: 'patch:',
  vifPrefix: 'vif/',
} as const;

export const VIF_SETTINGS = ['mac', 'ip', 'gateway', 'dns'] as const;
export type VifSetting = (typeof VIF_SETTINGS)[number];

export const RESET_ITEMS = ['machine-id', 'ssh-host-keys'] as const;
export type ResetItem = (typeof RESET_ITEMS)[number];

export const MAC_RANDOM = 'random';
export const MAC_KEEP = 'keep';

export const vifKey = (device: number, setting: VifSetting): string => `${CUSTOM.vifPrefix}${device}/${setting}`;

/** The guest files the customization kinds write. */
export const GUEST_FILES = {
  hostname: '/etc/hostname',
  hosts: '/etc/hosts',
  interfaces: '/etc/network/interfaces',
  machineId: '/etc/machine-id',
  dbusMachineId: '/var/lib/dbus/machine-id',
  sshDir: '/etc/ssh',
  sshHostKeyPrefix: '/etc/ssh/ssh_host_',
  sshEd25519: '/etc/ssh/ssh_host_ed25519_key',
} as const;
