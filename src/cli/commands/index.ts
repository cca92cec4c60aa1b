// The hand-written commands (they win over a generated command of the same noun and verb).
import type { CommandSpec } from '../spec.js';
import { CONTEXT_COMMANDS } from './context.js';
import { SERVE_COMMAND } from './serve.js';
import { COMPLETE_COMMAND } from './complete.js';
import { EVENT_WATCH_COMMAND } from './event-watch.js';
import { MESSAGE_COMMANDS } from './message.js';
import { VM_CLONE_COMMAND } from './vm-clone.js';
import { VDI_CAT_COMMAND } from './vdi-cat.js';
import { RBAC_COMMANDS } from './rbac/index.js';
import { CALL_COMMAND } from './call.js';
import { TRUST_COMMAND } from './trust.js';
import { EXT_COMMANDS } from './ext/index.js';
import { COMPLETION_COMMAND } from './completion.js';

export const HANDWRITTEN: readonly CommandSpec[] = [...CONTEXT_COMMANDS, SERVE_COMMAND, COMPLETE_COMMAND, VM_CLONE_COMMAND, VDI_CAT_COMMAND, EVENT_WATCH_COMMAND, ...MESSAGE_COMMANDS, ...EXT_COMMANDS, CALL_COMMAND, ...RBAC_COMMANDS, TRUST_COMMAND, COMPLETION_COMMAND];
