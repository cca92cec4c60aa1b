// `xenctl whoami`: the user the session runs as, its roles (and scoped grants), and whether it is the local
// superuser (the server's owner, who bypasses RBAC as root does on xapi).
import type { XenStruct } from '../../../model/types.js';
import type { CommandSpec } from '../../spec.js';
import { GRANT_KEYS, M, NULL_REF, SESSION_F, SUBJECT_F, ownSession, roleNames, str, strings, hasExtension } from './common.js';
import { isStruct } from '../../../model/values.js';

const OWNER_ROLE = 'pool-admin';

export const WHOAMI_COMMAND: CommandSpec = {
  noun: 'whoami',
  summary: 'Show who the connection runs as: user, roles, local superuser or not',
  positionals: [],
  flags: [],
  message: M.sessionRecord,
  async run(ctx) {
    const session = await ownSession(ctx);
    const client = await ctx.client();
    const rec = await client.call(M.sessionRecord, [session]);
    const s: XenStruct = isStruct(rec) ? rec : {};
    const superuser = s[SESSION_F.superuser] === true;
    const subject = str(s[SESSION_F.subject]);
    let roles: string[] = superuser ? [OWNER_ROLE] : [];
    let grants: string[] = [];
    if (!superuser && subject !== '' && subject !== NULL_REF) {
      const names = await roleNames(client);
      const sub = await client.call(M.subjectRecord, [subject]);
      roles = strings(isStruct(sub) ? sub[SUBJECT_F.roles] : undefined).map((r) => names.get(r) ?? r);
      if (hasExtension(ctx, M.subjectScoped)) {
        const scoped = await client.call(M.subjectScoped, [subject]);
        grants = (Array.isArray(scoped) ? scoped : []).filter(isStruct)
          .map((g) => `${str(g[GRANT_KEYS.role])} on ${str(g[GRANT_KEYS.cls])} where ${str(g[GRANT_KEYS.where]).split('\n').join(' and ')}`);
      }
    }
    const record: XenStruct = {
      user: str(s[SESSION_F.user]),
      roles,
      ...(grants.length > 0 ? { grants } : {}),
      is_local_superuser: superuser,
      ...(subject !== '' && subject !== NULL_REF ? { subject } : {}),
      session,
    };
    return { kind: 'record', record };
  },
};
