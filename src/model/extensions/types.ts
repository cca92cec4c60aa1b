// The shape of a hand-declared extension (INTERFACES.md, Extensions): fields and messages added to existing classes,
// and optional trailing parameters appended to existing messages. Types are datamodel spellings.
import type { Qualifier, Role } from '../types.js';
import type { JsonDefault } from '../values.js';

export interface ExtField {
  readonly cls: string;
  readonly name: string;
  readonly type: string;
  readonly qualifier: Qualifier;
  /** Least privileged role allowed to call the field's setters (RW fields only). */
  readonly setterRole?: Role;
  readonly default?: JsonDefault;
  readonly description: string;
}

export interface ExtParam {
  readonly name: string;
  readonly type: string;
  /** Optional parameters must come last; their default is `default` or the type's zero value. */
  readonly required?: false;
  readonly default?: JsonDefault;
}

export interface ExtMessage {
  readonly cls: string;
  readonly name: string;
  readonly params: readonly ExtParam[];
  readonly result: string;
  readonly errors: readonly string[];
  readonly minRole: Role;
  readonly async: boolean;
  readonly description: string;
}

/** Optional trailing parameters added to an existing message, e.g. VM.clone's customization map. */
export interface ExtParamAppend {
  readonly cls: string;
  readonly message: string;
  readonly params: readonly (ExtParam & { readonly required: false })[];
}

export interface Extension {
  readonly fields: readonly ExtField[];
  readonly messages: readonly ExtMessage[];
  readonly appendParams: readonly ExtParamAppend[];
}
