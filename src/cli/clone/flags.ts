// The inline flags of `vm clone` (--hostname, --ip, --gateway, --dns, --mac, --replace, --patch, --reset) laid
// over a spec. NIC settings take an optional `N=` prefix (`--ip 1=10.0.1.5/24`); without one they are for eth0.
import { resolve } from 'node:path';
import type { FlagSpec, ParsedArgs } from '../spec.js';
import { flagList, flagString } from '../spec.js';
import { UsageError } from '../errors.js';
import { nic, type CloneSpec } from './spec.js';

export const CUSTOMIZE_FLAGS: readonly FlagSpec[] = [
  { name: 'customize', kind: 'bool', inlineWord: true, summary: 'customize the clone: from the spec file given after the names, or by questions on a terminal' },
  { name: 'hostname', kind: 'string', metavar: 'NAME', summary: 'host name of the clone (/etc/hostname, /etc/hosts)' },
  { name: 'ip', kind: 'string', repeatable: true, metavar: '[N=]CIDR', summary: 'static address of NIC N (default 0), e.g. 10.0.0.5/24' },
  { name: 'gateway', kind: 'string', repeatable: true, metavar: '[N=]IP', summary: 'default gateway of NIC N' },
  { name: 'dns', kind: 'string', repeatable: true, metavar: '[N=]IP,IP', summary: 'DNS servers of NIC N (comma-separated)' },
  { name: 'mac', kind: 'string', repeatable: true, metavar: '[N=]MAC', summary: 'MAC of VIF N: random (default), keep, or an address' },
  { name: 'replace', kind: 'string', repeatable: true, metavar: 'LOCAL:GUEST_PATH', summary: 'replace a guest file by a local file (binary-safe)' },
  { name: 'patch', kind: 'string', repeatable: true, metavar: 'FILE.diff', summary: 'apply a unified diff whose headers name the guest files' },
  { name: 'reset', kind: 'bool', summary: 'reset the identity: new machine-id and ssh host keys' },
];

function device(flag: string, value: string): [number, string] {
  const m = /^(\d{1,3})=(.*)$/.exec(value);
  if (m === null) return [0, value];
  if (m[2] === '') throw new UsageError(`--${flag} ${value}: nothing after '='`);
  return [Number(m[1]), m[2] ?? ''];
}

/** LOCAL:GUEST_PATH, split at the last ':' that starts an absolute guest path. */
export function splitReplace(value: string, cwd: string): { source: string; path: string } {
  const at = value.lastIndexOf(':/');
  if (at <= 0) throw new UsageError(`--replace ${value}: write LOCAL:GUEST_PATH, e.g. ./motd:/etc/motd`);
  return { source: resolve(cwd, value.slice(0, at)), path: value.slice(at + 1) };
}

/** Applies the flags given on the line to `spec` (they win over the spec file's values). */
export function applyFlags(spec: CloneSpec, args: ParsedArgs, cwd: string): void {
  const hostname = flagString(args, 'hostname');
  if (hostname !== undefined) spec.hostname = hostname;
  for (const v of flagList(args, 'ip')) {
    const [d, x] = device('ip', v);
    nic(spec, d).ip = x;
  }
  for (const v of flagList(args, 'gateway')) {
    const [d, x] = device('gateway', v);
    nic(spec, d).gateway = x;
  }
  for (const v of flagList(args, 'dns')) {
    const [d, x] = device('dns', v);
    nic(spec, d).dns = x.split(',').map((s) => s.trim());
  }
  for (const v of flagList(args, 'mac')) {
    const [d, x] = device('mac', v);
    nic(spec, d).mac = x;
  }
  for (const v of flagList(args, 'replace')) spec.files.push(splitReplace(v, cwd));
  for (const v of flagList(args, 'patch')) spec.patches.push({ diff: resolve(cwd, v) });
  if (args.flags['reset'] === true) for (const item of ['machine-id', 'ssh-host-keys']) if (!spec.reset.includes(item)) spec.reset.push(item);
}
