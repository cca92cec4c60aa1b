// `xenctl role list|show`: the six public roles (most privileged first) and the permissions of one.
import type { XenStruct } from '../../../model/types.js';
import { ROLES } from '../../../model/types.js';
import type { CommandSpec } from '../../spec.js';
import { posString } from '../../spec.js';
import { UsageError } from '../../errors.js';
import { M, ROLE_F, recordsOf, resolveRole, str, strings } from './common.js';

const PERMISSIONS = 'permissions';
const rank = (name: string): number => {
  const i = (ROLES as readonly string[]).indexOf(name);
  return i < 0 ? ROLES.length : i;
};

const LIST: CommandSpec = {
  noun: 'role',
  verb: 'list',
  summary: 'List the roles, most privileged first (each may do all the ones below it may)',
  positionals: [],
  flags: [],
  message: M.roleAllRecords,
  async run(ctx) {
    const all = recordsOf(await (await ctx.client()).call(M.roleAllRecords, []));
    const rows: XenStruct[] = all
      .filter(([, r]) => r[ROLE_F.internal] !== true)
      .sort((a, b) => rank(str(a[1][ROLE_F.name])) - rank(str(b[1][ROLE_F.name])))
      .map(([ref, r]) => ({ ref, ...r }));
    return { kind: 'rows', cls: 'role', rows, view: { tableColumns: [ROLE_F.name, ROLE_F.description, ROLE_F.uuid] } };
  },
};

const SHOW: CommandSpec = {
  noun: 'role',
  verb: 'show',
  summary: 'Show a role and its permissions (lower-cased wire names, e.g. vm.start)',
  positionals: [{ name: 'role', required: true, summary: 'role name (pool-admin ... read-only), uuid or OpaqueRef' }],
  flags: [],
  message: M.rolePermissions,
  async run(ctx, args) {
    const name = posString(args, 'role');
    if (name === undefined) throw new UsageError('role show needs a role name');
    const ref = await resolveRole(ctx, name);
    const client = await ctx.client();
    const rec = recordsOf(await client.call(M.roleAllRecords, [])).find(([r]) => r === ref)?.[1] ?? {};
    const permissions = strings(await client.call(M.rolePermissions, [ref])).sort();
    const record: XenStruct = {
      ref, [ROLE_F.uuid]: str(rec[ROLE_F.uuid]), [ROLE_F.name]: str(rec[ROLE_F.name]),
      [ROLE_F.description]: str(rec[ROLE_F.description]), [PERMISSIONS]: permissions,
    };
    return { kind: 'record', cls: 'role', record };
  },
};

export const ROLE_COMMANDS: readonly CommandSpec[] = [LIST, SHOW];
