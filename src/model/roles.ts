// Role lists: the compact role codes of the generated data, and the "at least this role" helpers.
import { ROLES } from './types.js';
import type { MessageDef, Role } from './types.js';
import type { RoleCode } from './compact.js';

/** The internal role of sessions authenticated by a TLS client certificate. */
export const CLIENT_CERT_ROLE = 'client-cert';
const CLIENT_CERT_BIT = 8;

function rolesOfCode(code: RoleCode): readonly string[] {
  const n = code & 7;
  const roles: string[] = ROLES.slice(0, n);
  if ((code & CLIENT_CERT_BIT) !== 0) roles.splice(Math.min(n, ROLES.length - 1), 0, CLIENT_CERT_ROLE);
  return Object.freeze(roles);
}

/** Every role list a code can stand for, shared by all messages with that code. */
const ROLE_LISTS: readonly (readonly string[])[] = Object.freeze(Array.from({ length: 16 }, (_, code) => rolesOfCode(code)));

/** The roles a role code stands for, in the datamodel's order (client-cert sits before read-only). */
export function decodeRoles(code: RoleCode): readonly string[] {
  return ROLE_LISTS[code] ?? rolesOfCode(code);
}

/** The role code of a role list, or undefined when the list is not a prefix of ROLES (plus maybe client-cert). */
export function encodeRoles(roles: readonly string[]): RoleCode | undefined {
  const pub = roles.filter((r) => r !== CLIENT_CERT_ROLE);
  if (pub.length > ROLES.length || pub.some((r, i) => r !== ROLES[i])) return undefined;
  const code = pub.length + (roles.includes(CLIENT_CERT_ROLE) ? CLIENT_CERT_BIT : 0);
  const back = decodeRoles(code);
  return back.length === roles.length && back.every((r, i) => r === roles[i]) ? code : undefined;
}

/** The public roles at least as privileged as `minRole`, most privileged first. */
export function rolesAtLeast(minRole: Role): readonly Role[] {
  return ROLES.slice(0, ROLES.indexOf(minRole) + 1);
}

/** The least privileged public role allowed to call the message, or undefined when none is. */
export function leastRole(msg: MessageDef): Role | undefined {
  let least: Role | undefined;
  for (const r of ROLES) if (msg.roles.includes(r)) least = r;
  return least;
}

/** Whether a session holding `role` may call the message (a role may do all that roles after it in ROLES may). */
export function isAllowed(msg: MessageDef, role: string): boolean {
  if (msg.roles.includes(role)) return true;
  const i = ROLES.indexOf(role as Role);
  return i >= 0 && ROLES.slice(i + 1).some((r) => msg.roles.includes(r));
}

/** A public role name from free text, or undefined. */
export function asRole(name: string): Role | undefined {
  return ROLES.find((r) => r === name);
}
