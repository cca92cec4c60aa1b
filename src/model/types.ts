// The shapes of the datamodel. Everything else in xenctl is a projection of values of these types.

/** A XenAPI type, parsed from the datamodel's spelling ("VM ref set", "(string -> string) map", ...). */
export type XenType =
  | { readonly kind: 'string' | 'int' | 'float' | 'bool' | 'datetime' | 'void' }
  | { readonly kind: 'enum'; readonly name: string }
  | { readonly kind: 'ref'; readonly cls: string }
  | { readonly kind: 'set'; readonly of: XenType }
  | { readonly kind: 'map'; readonly key: XenType; readonly value: XenType }
  /** A record of a class; cls '<class>' means "the record of whichever class" (event snapshots). */
  | { readonly kind: 'record'; readonly cls: string }
  | { readonly kind: 'option'; readonly of: XenType };

/**
 * A typed XenAPI value in memory. int is bigint (64-bit values exist in real pools), float is number,
 * datetime is Date, a ref or enum is its string, a set is an array, a map or record is a struct.
 * Structs are null-prototype objects or plain objects built without ever assigning `__proto__`.
 */
export type XenValue = string | bigint | number | boolean | Date | readonly XenValue[] | XenStruct;
export interface XenStruct {
  readonly [key: string]: XenValue;
}

export type Qualifier = 'RW' | 'RO/constructor' | 'RO/runtime';
export type Lifecycle = 'published' | 'prototyped' | 'deprecated' | 'removed';

/** The public roles, most privileged first. A role may do everything the roles after it may. */
export const ROLES = ['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin', 'vm-operator', 'read-only'] as const;
export type Role = (typeof ROLES)[number];

export interface FieldDef {
  /** Wire name, e.g. `name_label`, `memory_static_max`. */
  readonly name: string;
  readonly type: XenType;
  readonly qualifier: Qualifier;
  /** Typed default for create and for a record missing the field; absent means the type's zero value. */
  readonly default?: XenValue;
  readonly lifecycle: Lifecycle;
  /** Set on fields this project adds (INTERFACES.md, Extensions). */
  readonly extension?: true;
  /** Our own short description. */
  readonly description: string;
}

export interface ParamDef {
  readonly name: string;
  readonly type: XenType;
  /** false for trailing parameters that take a default when a caller leaves them out. */
  readonly required: boolean;
  readonly default?: XenValue;
  /** Set on parameters this project appends to a datamodel message (VM.clone's customization). */
  readonly extension?: true;
}

/** What an implicit message does, so the server can serve it generically from the store. */
export type ImplicitKind =
  | 'get_field' | 'set_field' | 'add_to_map' | 'remove_from_map' | 'add_to_set' | 'remove_from_set'
  | 'get_record' | 'get_all' | 'get_all_records' | 'get_all_where' | 'get_all_records_where'
  | 'get_by_uuid' | 'get_by_name_label' | 'create' | 'destroy';

export interface MessageDef {
  /** Class wire name, e.g. `VM`. */
  readonly cls: string;
  /** Message name, e.g. `clean_shutdown`. The wire name is `${cls}.${name}`. */
  readonly name: string;
  /** Parameters after the session, in wire order. */
  readonly params: readonly ParamDef[];
  readonly result: XenType;
  /** Error codes the message documents (each is in the error catalogue). */
  readonly errors: readonly string[];
  /** Roles allowed to call it (from the datamodel; may include the internal `client-cert`). */
  readonly roles: readonly string[];
  /** true when `Async.${cls}.${name}` exists. */
  readonly async: boolean;
  /** true for the login family: no session argument. */
  readonly sessionless: boolean;
  readonly implicit?: { readonly kind: ImplicitKind; readonly field?: string };
  readonly lifecycle: Lifecycle;
  readonly extension?: true;
  readonly description: string;
}

export interface ClassDef {
  /** Wire name, exact case: `VM`, `host`, `VM_metrics`. */
  readonly name: string;
  readonly description: string;
  readonly fields: readonly FieldDef[];
  /** Every message, explicit and implicit. */
  readonly messages: readonly MessageDef[];
  readonly lifecycle: Lifecycle;
  readonly extension?: true;
}

export interface EnumDef {
  readonly name: string;
  readonly values: readonly string[];
}

export interface ErrorDef {
  readonly code: string;
  /** Parameter names, in order (REFERENCE.md §2); empty when the error has none. */
  readonly params: readonly string[];
  /** Our own one-sentence description, used by the CLI's messages. */
  readonly description: string;
}

export interface Model {
  readonly extensions: boolean;
  readonly classes: ReadonlyMap<string, ClassDef>;
  readonly enums: ReadonlyMap<string, EnumDef>;
  readonly errors: ReadonlyMap<string, ErrorDef>;
  /** Class by wire name, or by its case-insensitive spelling (`vm`, `vm_metrics`). */
  findClass(name: string): ClassDef | undefined;
  /** Message by wire name `Class.name` (no `Async.` prefix). */
  findMessage(wireName: string): MessageDef | undefined;
  findField(cls: string, field: string): FieldDef | undefined;
}
