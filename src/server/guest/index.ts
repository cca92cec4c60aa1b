// The guest filesystem store and the clone customization engine (VM.clone's customization, VDI.get_file).
export type { GuestFile, GuestFs, GuestTree } from './types.js';
export { memoryGuestFs } from './memory.js';
export { dirGuestFs } from './dir.js';
export { GuestPathError, guestPath } from './paths.js';
export { parseCustomization, touchesGuest, customizationError, type Customization, type VifCustomization } from './parse.js';
export { applyCustomization } from './apply.js';
export { treeChanges, type FileChange } from './diff.js';
export { writeSeedGuestFiles } from './seed.js';
export { GUEST_DISK_HOOKS, vdiUuid } from './hooks.js';
