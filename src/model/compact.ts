// The compact intermediate form of the datamodel (src/model/generated/datamodel.json), written by
// scripts/gen-model.ts and expanded into a Model by build.ts. Structure only: no prose.
import type { JsonDefault } from './values.js';

/** Lifecycle codes: '' published, 'x' prototyped, 'd' deprecated, 'r' removed. */
export type LifeCode = '' | 'x' | 'd' | 'r';
/** Qualifier codes: 'w' RW, 'c' RO/constructor, 'r' RO/runtime. */
export type QualCode = 'w' | 'c' | 'r';

/**
 * Role code: the number of public roles allowed (a prefix of ROLES, most privileged first), plus 8 when the internal
 * `client-cert` role is also allowed. 14 = everyone incl. client-cert; 4 = up to vm-admin; 0 = nobody.
 */
export type RoleCode = number;

/** [name, type spelling, qualifier, lifecycle, setter role code (0 unless RW), default?] */
export type CField =
  | readonly [string, string, QualCode, LifeCode, RoleCode]
  | readonly [string, string, QualCode, LifeCode, RoleCode, JsonDefault];

/** [name, type spelling] for a required parameter, [name, type spelling, 0] for an optional one. */
export type CParam = readonly [string, string] | readonly [string, string, 0];

/**
 * An explicit message: [name, params (session dropped), result spelling, error codes, role code, lifecycle, flags].
 * Flags: 's' sessionless (the login family).
 */
export type CMessage = readonly [string, readonly CParam[], string, readonly string[], RoleCode, LifeCode, string];

export interface CClass {
  readonly name: string;
  readonly life: LifeCode;
  /**
   * Which class-level implicit messages exist: 'r' get_record/get_by_uuid and field getters (and setters),
   * 'a' get_all/get_all_records (and the doc-hidden *_where pair), 'n' get_by_name_label, 'c' create/destroy.
   */
  readonly flags: string;
  /** Role codes of implicit messages: g = getters and get_all*, c = create/destroy, x = exceptions by name. */
  readonly roles: { readonly g: RoleCode; readonly c: RoleCode; readonly x?: { readonly [msg: string]: RoleCode } };
  readonly fields: readonly CField[];
  readonly messages: readonly CMessage[];
}

/** Everything but the classes, parsed at load. */
export interface CompactHead {
  readonly version: 1;
  readonly digest: string;
  readonly enums: readonly (readonly [string, readonly string[]])[];
  readonly errorCodes: readonly string[];
  readonly classNames: readonly string[];
}

/** The data as build.ts reads it: the head, and each class parsed on first use. */
export interface CompactSource {
  readonly head: CompactHead;
  classData(index: number): CClass;
}

export interface CompactModel {
  readonly version: 1;
  /** sha256 of the xenapi.json the data came from. */
  readonly digest: string;
  readonly enums: readonly (readonly [string, readonly string[]])[];
  /** Every error code some message documents. */
  readonly errorCodes: readonly string[];
  readonly classes: readonly CClass[];
}
