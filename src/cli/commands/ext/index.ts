// The commands of the founding extensions (VM profiles, host qualification, VM migration, network and VM list
// fallbacks for plain xapi).
import type { CommandSpec } from '../../spec.js';
import { PLAIN_VIEW_COMMANDS } from './plain-views.js';
import { VM_MIGRATE_COMMAND } from './migrate.js';
import { PROFILE_COMMANDS } from './profile.js';
import { HOST_QUALIFY_COMMAND } from './qualify.js';

export const EXT_COMMANDS: readonly CommandSpec[] = [...PROFILE_COMMANDS, HOST_QUALIFY_COMMAND, VM_MIGRATE_COMMAND, ...PLAIN_VIEW_COMMANDS];
