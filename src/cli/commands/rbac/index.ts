// The RBAC commands: role list|show, subject list|add|remove|grant|revoke, whoami, audit list.
import type { CommandSpec } from '../../spec.js';
import { ROLE_COMMANDS } from './role.js';
import { SUBJECT_COMMANDS } from './subject.js';
import { WHOAMI_COMMAND } from './whoami.js';
import { AUDIT_LIST_COMMAND } from './audit.js';

export const RBAC_COMMANDS: readonly CommandSpec[] = [...ROLE_COMMANDS, ...SUBJECT_COMMANDS, WHOAMI_COMMAND, AUDIT_LIST_COMMAND];
