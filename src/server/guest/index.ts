// The guest filesystem store (server side) and, re-exported from src/guest, the clone customization engine.
export type { GuestFile, GuestFs, GuestTree } from '../../guest/types.js';
export { memoryGuestFs } from './memory.js';
export { dirGuestFs } from './dir.js';
export { GuestPathError, guestPath } from '../../guest/paths.js';
export { parseCustomization, touchesGuest, customizationError, type Customization, type VifCustomization } from '../../guest/parse.js';
export { applyCustomization } from '../../guest/apply.js';
export { treeChanges, type FileChange } from '../../guest/diff.js';
export { writeSeedGuestFiles } from './seed.js';
export { GUEST_DISK_HOOKS, vdiUuid } from './hooks.js';
