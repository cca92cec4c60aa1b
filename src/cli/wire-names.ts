// The few wire names the CLI's generic code relies on, in one place (the self-test checks them against the model).
export { NULL_REF } from '../model/index.js';

export const FIELD_NAMES = Object.freeze({
  uuid: 'uuid',
  nameLabel: 'name_label',
  otherConfig: 'other_config',
  subjectIdentifier: 'subject_identifier',
});

/** The other_config key holding a subject's display name. */
export const SUBJECT_NAME_KEY = 'subject-name';

export const REF_PREFIX = 'OpaqueRef:';

/** Classes whose emptiness marks a new local: state (the seed makes a pool and the roles). */
export const SEED_CLASSES = Object.freeze({ pool: 'pool', role: 'role' });

/** The local: server's sessions live in its process only (never written to disk). */
export const SESSION_CLASS = 'session';
