// The small Debian-like guest filesystem each demo VM's root VDI holds. Contents derive from the VM's name only.
import { GATEWAY, PREFIX, TEMPLATES, VMS } from './demo-spec.js';
import { seedBytes, seedHex } from './ids.js';
import { ed25519KeyFiles } from '../../guest/ssh-key.js';

export const GUEST_PATHS = {
  hostname: '/etc/hostname',
  hosts: '/etc/hosts',
  machineId: '/etc/machine-id',
  sshKey: '/etc/ssh/ssh_host_ed25519_key',
  sshPub: '/etc/ssh/ssh_host_ed25519_key.pub',
  interfaces: '/etc/network/interfaces',
  motd: '/etc/motd',
} as const;

/** A hostname from a VM name: lower case, letters, digits and dashes. */
export function hostnameOf(vmName: string): string {
  const h = vmName.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '');
  return h === '' ? 'localhost' : h.slice(0, 63);
}

export function interfacesFile(ip: string | undefined): string {
  const head = '# Network interfaces (ifupdown), see interfaces(5).\n\nsource /etc/network/interfaces.d/*\n\n' +
    'auto lo\niface lo inet loopback\n\nallow-hotplug eth0\n';
  if (ip === undefined) return `${head}iface eth0 inet dhcp\n`;
  return `${head}iface eth0 inet static\n\taddress ${ip}/${PREFIX}\n\tgateway ${GATEWAY}\n\tdns-nameservers ${GATEWAY}\n`;
}

export function hostsFile(hostname: string, ip: string | undefined): string {
  const self = ip === undefined ? `127.0.1.1\t${hostname}` : `${ip}\t${hostname}.demo.example ${hostname}`;
  return `127.0.0.1\tlocalhost\n${self}\n\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n`;
}

export function demoGuestFiles(vmName: string): Map<string, Buffer> {
  const spec = [...VMS, ...TEMPLATES].find((v) => v.name === vmName);
  const hostname = hostnameOf(vmName);
  const os = spec?.template === 'Ubuntu 24.04' ? 'Ubuntu 24.04 LTS' : 'Debian GNU/Linux 12 (bookworm)';
  const key = ed25519KeyFiles(seedBytes(`ssh-host-key/${vmName}`, 32), `root@${hostname}`);
  const files = new Map<string, Buffer>();
  files.set(GUEST_PATHS.hostname, Buffer.from(`${hostname}\n`));
  files.set(GUEST_PATHS.hosts, Buffer.from(hostsFile(hostname, spec?.ip)));
  files.set(GUEST_PATHS.machineId, Buffer.from(`${seedHex(`machine-id/${vmName}`, 16)}\n`));
  files.set(GUEST_PATHS.sshKey, Buffer.from(key.privateKey));
  files.set(GUEST_PATHS.sshPub, Buffer.from(key.publicKey));
  files.set(GUEST_PATHS.interfaces, Buffer.from(interfacesFile(spec?.ip)));
  files.set(GUEST_PATHS.motd, Buffer.from(`${os} on ${hostname}, a VM of the xenctl demo pool.\n`));
  return files;
}
