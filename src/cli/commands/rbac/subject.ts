// `xenctl subject list|add|remove|grant|revoke`: who may log in besides the server's owner, with which roles.
// A grant with --where is our scoped grant (the role only on the objects of --class, default VM, that match).
import type { XenStruct } from '../../../model/types.js';
import type { CommandSpec } from '../../spec.js';
import { flagString, posString } from '../../spec.js';
import { confirmOrStop } from '../../context.js';
import { UsageError } from '../../errors.js';
import { refResolver } from '../../select.js';
import { compileWhere } from '../../where.js';
import { created } from '../../generic/create.js';
import {
  GRANT_KEYS, M, SUBJECT_F, SUBJECT_NAME_KEY, hasExtension, readSecretFile, recordsOf, resolveRole,
  resolveSubject, roleNames, str, strings,
} from './common.js';
import { isStruct } from '../../../model/values.js';

const NOUN = 'subject';
/** xapi gives a new subject pool-admin; `subject add` gives this unless --role says otherwise. */
const DEFAULT_ROLE = 'read-only';
const CREATED_ROLE = 'pool-admin';
const DEFAULT_SCOPE_CLASS = 'VM';
const NAME_COL = 'name';
const GRANTS_COL = 'grants';
/** Formats that print the XenAPI record as on the wire: role refs stay refs there (names only in tables). */
const WIRE_FORMATS: ReadonlySet<string> = new Set(['json', 'ndjson', 'yaml', 'xml']);

function need(args: Parameters<CommandSpec['run']>[1], name: string): string {
  const v = posString(args, name);
  if (v === undefined || v === '') throw new UsageError(`missing ${name.toUpperCase()}`);
  return v;
}

function grantText(g: XenStruct): string {
  return `${str(g[GRANT_KEYS.role])} on ${str(g[GRANT_KEYS.cls])} where ${str(g[GRANT_KEYS.where]).split('\n').join(' and ')}`;
}

const LIST: CommandSpec = {
  noun: NOUN,
  verb: 'list',
  summary: 'List the subjects: identifier, roles, scoped grants',
  positionals: [],
  flags: [],
  message: M.subjectAllRecords,
  async run(ctx) {
    const client = await ctx.client();
    const names = await roleNames(client);
    const scoped = hasExtension(ctx, M.subjectScoped);
    const rows: XenStruct[] = [];
    for (const [ref, r] of recordsOf(await client.call(M.subjectAllRecords, []))) {
      const other = r[SUBJECT_F.otherConfig];
      const grants = scoped ? await client.call(M.subjectScoped, [ref]) : [];
      rows.push({
        ref, ...r,
        [NAME_COL]: isStruct(other) ? str(other[SUBJECT_NAME_KEY]) : '',
        [SUBJECT_F.roles]: WIRE_FORMATS.has(ctx.format) ? r[SUBJECT_F.roles] ?? [] : strings(r[SUBJECT_F.roles]).map((x) => names.get(x) ?? x),
        [GRANTS_COL]: (Array.isArray(grants) ? grants : []).filter(isStruct).map(grantText),
      });
    }
    return { kind: 'rows', cls: NOUN, rows, view: { tableColumns: [SUBJECT_F.identifier, SUBJECT_F.roles, GRANTS_COL, SUBJECT_F.uuid] } };
  },
};

const ADD: CommandSpec = {
  noun: NOUN,
  verb: 'add',
  summary: 'Add a subject (a user who may log in); with --new-password-file, also its server account',
  positionals: [{ name: 'name', required: true, summary: 'the user id: an HTTP login name, or the OS user of a delegated session' }],
  flags: [
    { name: 'new-password-file', kind: 'string', metavar: 'FILE', summary: 'the account password (the whole file; chmod 600)' },
    { name: 'role', kind: 'string', metavar: 'ROLE', summary: `the subject's role (default ${DEFAULT_ROLE})` },
  ],
  message: M.subjectCreate,
  async run(ctx, args) {
    const name = need(args, 'name');
    const pwFile = flagString(args, 'new-password-file');
    const password = pwFile === undefined ? undefined : await readSecretFile(ctx, pwFile, '--new-password-file');
    const role = await resolveRole(ctx, flagString(args, 'role') ?? DEFAULT_ROLE);
    const admin = await resolveRole(ctx, CREATED_ROLE);
    const client = await ctx.client();
    const ref = str(await client.call(M.subjectCreate, [{ [SUBJECT_F.identifier]: name, [SUBJECT_F.otherConfig]: { [SUBJECT_NAME_KEY]: name } }]));
    if (role !== admin) {
      await client.call(M.subjectAddRole, [ref, role]);
      await client.call(M.subjectRemoveRole, [ref, admin]);
    }
    if (password !== undefined) await client.call(M.subjectSetPassword, [ref, password]);
    // Its uuid by get_uuid (a --dry-run answers that read of the ref it pretended to create with '').
    return created(ctx, NOUN, ref);
  },
};

const REMOVE: CommandSpec = {
  noun: NOUN,
  verb: 'remove',
  summary: 'Remove a subject: its sessions end, its grants and server account go',
  positionals: [{ name: 'name', required: true, summary: 'identifier, subject-name, uuid or OpaqueRef' }],
  flags: [],
  message: M.subjectDestroy,
  async run(ctx, args) {
    const [ref, rec] = await resolveSubject(ctx, need(args, 'name'));
    await confirmOrStop(ctx, `remove subject ${str(rec[SUBJECT_F.identifier])}?`);
    await (await ctx.client()).call(M.subjectDestroy, [ref]);
    return { kind: 'none' };
  },
};

const GRANT: CommandSpec = {
  noun: NOUN,
  verb: 'grant',
  summary: 'Give a subject a role; with --where, only on the objects that match (a scoped grant)',
  description: 'Roles apply from the subject\'s next login; scoped grants apply at once. '
    + 'Example: subject grant alice vm-operator --where "profile=web server"',
  positionals: [
    { name: 'name', required: true, summary: 'identifier, subject-name, uuid or OpaqueRef' },
    { name: 'role', required: true, summary: 'pool-admin, pool-operator, vm-power-admin, vm-admin, vm-operator, read-only' },
  ],
  flags: [{ name: 'class', kind: 'string', metavar: 'CLASS', summary: `the class --where selects from (default ${DEFAULT_SCOPE_CLASS})` }],
  message: M.subjectAddRole,
  async run(ctx, args) {
    const [ref] = await resolveSubject(ctx, need(args, 'name'));
    const role = await resolveRole(ctx, need(args, 'role'));
    const client = await ctx.client();
    const where = ctx.globals.where;
    const clsFlag = flagString(args, 'class');
    if (where.length === 0) {
      if (clsFlag !== undefined) throw new UsageError('--class goes with --where');
      await client.call(M.subjectAddRole, [ref, role]);
      return { kind: 'none' };
    }
    if (!hasExtension(ctx, M.subjectAddScoped)) throw new UsageError('scoped grants need the xenctl extensions');
    const cls = ctx.model.findClass(clsFlag ?? DEFAULT_SCOPE_CLASS);
    if (cls === undefined) throw new UsageError(`--class ${clsFlag ?? ''} names no class`);
    await compileWhere(ctx.model, cls, where, refResolver(ctx));
    await client.call(M.subjectAddScoped, [ref, role, cls.name, [...where]]);
    return { kind: 'none' };
  },
};

const REVOKE: CommandSpec = {
  noun: NOUN,
  verb: 'revoke',
  summary: 'Take a role from a subject, and every scoped grant of that role',
  positionals: [
    { name: 'name', required: true, summary: 'identifier, subject-name, uuid or OpaqueRef' },
    { name: 'role', required: true, summary: 'the role to take away' },
  ],
  flags: [],
  message: M.subjectRemoveRole,
  async run(ctx, args) {
    const [ref, rec] = await resolveSubject(ctx, need(args, 'name'));
    const roleName = need(args, 'role');
    const role = await resolveRole(ctx, roleName);
    const client = await ctx.client();
    const held = strings(rec[SUBJECT_F.roles]).includes(role);
    const scoped = hasExtension(ctx, M.subjectScoped)
      && (await client.call(M.subjectScoped, [ref]) as readonly XenStruct[]).some((g) => isStruct(g) && g[GRANT_KEYS.role] === roleName);
    if (!held && !scoped) throw new UsageError(`${str(rec[SUBJECT_F.identifier])} does not hold ${roleName}`);
    if (held) await client.call(M.subjectRemoveRole, [ref, role]);
    if (scoped) await client.call(M.subjectRemoveScoped, [ref, role]);
    return { kind: 'none' };
  },
};

export const SUBJECT_COMMANDS: readonly CommandSpec[] = [LIST, ADD, REMOVE, GRANT, REVOKE];
