// Derives a class's implicit messages (getters, setters, map/set updaters, get_record, get_all*, create/destroy)
// from its fields and a few per-class facts, as xapi's datamodel generator does; and the other facts about messages
// that xenapi.json does not carry (the async rule, defaults of optional parameters).
import { article, implicitDescription } from './describe.js';
import { decodeRoles } from './roles.js';
import type { RoleCode } from './compact.js';
import type { JsonDefault } from './values.js';
import type { FieldDef, ImplicitKind, Lifecycle, MessageDef, ParamDef, XenType } from './types.js';

export interface ImplicitFacts {
  readonly cls: string;
  readonly lifecycle: Lifecycle;
  /** 'r' record/getters/setters, 'a' get_all family, 'n' get_by_name_label, 'c' create/destroy. */
  readonly flags: string;
  readonly fields: readonly FieldDef[];
  /** Role code of the getters (and get_record, get_all*), of create/destroy, and per-message exceptions. */
  readonly roles: { readonly g: RoleCode; readonly c: RoleCode; readonly x?: { readonly [msg: string]: RoleCode } };
  /** Role code of each RW field's setter family. */
  readonly setterRole: (field: string) => RoleCode;
  /** Fields added by extensions: their implicit messages are marked `extension: true`. */
  readonly extensionFields?: ReadonlySet<string>;
  /** The doc-hidden get_all_where / get_all_records_where pair (not listed in xenapi.json). */
  readonly withWhere?: boolean;
}

const STRING: XenType = { kind: 'string' };
const VOID: XenType = { kind: 'void' };

function p(name: string, type: XenType): ParamDef {
  return { name, type, required: true };
}

/** Every implicit message of a class, in a stable order: per field, then the class-level ones. */
export function deriveImplicit(f: ImplicitFacts): MessageDef[] {
  const cls = f.cls;
  const self: ParamDef = p('self', { kind: 'ref', cls });
  const ref: XenType = { kind: 'ref', cls };
  const refSet: XenType = { kind: 'set', of: ref };
  const recMap: XenType = { kind: 'map', key: ref, value: { kind: 'record', cls } };
  const out: MessageDef[] = [];
  const a = article(cls);
  const make = (
    name: string, kind: ImplicitKind, params: ParamDef[], result: XenType, code: RoleCode, life: Lifecycle, field?: string,
  ): void => {
    const rc = f.roles.x?.[name] ?? code;
    const m: MessageDef = {
      cls, name, params, result, errors: [], roles: decodeRoles(rc),
      async: isAsync(cls, name, kind), sessionless: false,
      implicit: field === undefined ? { kind } : { kind, field },
      lifecycle: life, description: implicitDescription(cls, a, kind, field),
    };
    out.push(field !== undefined && f.extensionFields?.has(field) === true ? { ...m, extension: true } : m);
  };
  if (f.flags.includes('r')) {
    for (const fd of f.fields) {
      const n = fd.name;
      make(`get_${n}`, 'get_field', [self], fd.type, f.roles.g, fd.lifecycle, n);
      if (fd.qualifier !== 'RW') continue;
      const sr = f.setterRole(n);
      make(`set_${n}`, 'set_field', [self, p('value', fd.type)], VOID, sr, fd.lifecycle, n);
      const t = fd.type;
      if (t.kind === 'map') {
        make(`add_to_${n}`, 'add_to_map', [self, p('key', t.key), p('value', t.value)], VOID, sr, fd.lifecycle, n);
        make(`remove_from_${n}`, 'remove_from_map', [self, p('key', t.key)], VOID, sr, fd.lifecycle, n);
      } else if (t.kind === 'set') {
        make(`add_${n}`, 'add_to_set', [self, p('value', t.of)], VOID, sr, fd.lifecycle, n);
        make(`remove_${n}`, 'remove_from_set', [self, p('value', t.of)], VOID, sr, fd.lifecycle, n);
      }
    }
  }
  const life = f.lifecycle;
  if (f.flags.includes('c')) {
    make('create', 'create', [p('args', { kind: 'record', cls })], ref, f.roles.c, life);
    make('destroy', 'destroy', [self], VOID, f.roles.c, life);
  }
  if (f.flags.includes('r')) {
    make('get_record', 'get_record', [self], { kind: 'record', cls }, f.roles.g, life);
    make('get_by_uuid', 'get_by_uuid', [p('uuid', STRING)], ref, f.roles.g, life);
  }
  if (f.flags.includes('n')) make('get_by_name_label', 'get_by_name_label', [p('label', STRING)], refSet, f.roles.g, life);
  if (f.flags.includes('a')) {
    make('get_all', 'get_all', [], refSet, f.roles.g, life);
    make('get_all_records', 'get_all_records', [], recMap, f.roles.g, life);
    if (f.withWhere !== false) {
      const wc = f.roles.x?.['get_all_records'] ?? f.roles.g;
      make('get_all_where', 'get_all_where', [p('expr', STRING)], refSet, wc, life);
      make('get_all_records_where', 'get_all_records_where', [p('expr', STRING)], recMap, wc, life);
    }
  }
  return out;
}

// Which messages have an `Async.` twin. xenapi.json has no such flag; the rule follows REFERENCE.md §4.7:
// nearly every explicit message and create/destroy are async; getters, setters and the get_all family are not,
// and neither is anything of the classes below (nor the login family, which has no session to own a task).
/** Classes without Async variants: bookkeeping of the API itself rather than of managed objects. */
const SYNC_ONLY_CLASSES: ReadonlySet<string> = new Set(['session', 'auth', 'event', 'task', 'data_source', 'blob']);

/** Explicit messages named like the generic read family are lookups, never tasks (e.g. message.get_all_records). */
const SYNC_ONLY_NAMES = /^get_(all|all_records|all_where|all_records_where|record|by_uuid|by_name_label|since)$/;

export function isAsync(cls: string, name: string, implicit?: ImplicitKind, sessionless = false): boolean {
  if (sessionless || SYNC_ONLY_CLASSES.has(cls)) return false;
  if (implicit !== undefined) return implicit === 'create' || implicit === 'destroy';
  return !SYNC_ONLY_NAMES.test(name);
}

// Defaults of optional message parameters. xenapi.json marks parameters optional but gives no default; xapi fills
// most with the type's zero value. These are the known exceptions (REFERENCE.md §1.5, §4.3, §4.8), as JSON defaults
// decoded by the parameter's type.
export const PARAM_DEFAULTS: Readonly<Record<string, Readonly<Record<string, JsonDefault>>>> = {
  'session.login_with_password': { version: '1.1' },
  'host.disable': { auto_enable: true },
  'PIF.introduce': { managed: true },
  'PIF.db_introduce': { managed: true, ipv6_configuration_mode: 'None', primary_address_type: 'IPv4' },
  'VDI.introduce': { managed: true },
  'Bond.create': { mode: 'balance-slb' },
  'VGPU.create': { device: '0' },
  'tunnel.create': { protocol: 'gre' },
  'SDN_controller.introduce': { protocol: 'ssl' },
  'Cluster.create': { token_timeout: 20, token_timeout_coefficient: 1 },
  'Cluster.pool_create': { token_timeout: 20, token_timeout_coefficient: 1 },
};
