// The login family and the other custom messages of class session.
import type { XenValue } from '../../model/types.js';
import { XenApiError } from '../../model/errors.js';
import { ERR } from '../../model/error-codes.js';
import type { CallContext, Handler } from '../context.js';
import { isDelegated } from '../context.js';
import {
  channelUser, createSession, destroySession, sessionsOfSubject, subjectIdentifiers,
} from '../sessions.js';
import { ROOT_USER } from '../accounts.js';

const str = (v: XenValue | undefined): string => (typeof v === 'string' ? v : '');

function delay(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

async function login(call: CallContext, args: readonly XenValue[], local: boolean): Promise<XenValue> {
  const { server, channel } = call;
  const uname = str(args[0]);
  const pwd = str(args[1]);
  const originator = str(args[3]);
  // A supporter answers every login (any channel) with HOST_IS_SLAVE; slave_local_login_with_password is the
  // supporter's own login, and delegated calls with an empty session need no login at all.
  if (!local && server.settings.supporterOf !== undefined) {
    throw new XenApiError(ERR.HOST_IS_SLAVE, [server.settings.supporterOf]);
  }
  if (isDelegated(channel)) {
    return createSession(server, { user: channelUser(server, channel), superuser: true, originator });
  }
  if (!(await server.accounts.verify(uname, pwd))) {
    await delay(server.settings.authFailureDelayMs);
    throw new XenApiError(ERR.SESSION_AUTHENTICATION_FAILED, [uname, 'Authentication failure']);
  }
  // Password accounts are local users; root is the local superuser, as on a host without external auth.
  return createSession(server, { user: uname, superuser: uname === ROOT_USER, originator });
}

function sessionRef(call: CallContext): string {
  if (call.session === undefined) throw new Error('session message called without a session');
  return call.session.ref;
}

async function changePassword(call: CallContext, args: readonly XenValue[]): Promise<XenValue> {
  const record = call.session?.record;
  const user = str(record?.['auth_user_name']);
  if (record?.['is_local_superuser'] !== true) {
    throw new XenApiError(ERR.USER_IS_NOT_LOCAL_SUPERUSER, [user]);
  }
  const target = call.server.accounts.has(user) ? user : ROOT_USER;
  if (!isDelegated(call.channel) && !(await call.server.accounts.verify(target, str(args[0])))) {
    await delay(call.server.settings.authFailureDelayMs);
    throw new XenApiError(ERR.SESSION_AUTHENTICATION_FAILED, [target, 'Authentication failure']);
  }
  await call.server.accounts.setPassword(target, str(args[1]));
  return '';
}

/** Handlers by wire name. */
export function sessionHandlers(): ReadonlyMap<string, Handler> {
  return new Map<string, Handler>([
    ['session.login_with_password', (call, args) => login(call, args, false)],
    ['session.slave_local_login_with_password', (call, args) => login(call, args, true)],
    ['session.logout', (call) => {
      destroySession(call.server, sessionRef(call));
      return '';
    }],
    ['session.local_logout', (call) => {
      destroySession(call.server, sessionRef(call));
      return '';
    }],
    ['session.get_all_subject_identifiers', (call) => subjectIdentifiers(call.server)],
    ['session.logout_subject_identifier', (call, args) => {
      for (const ref of sessionsOfSubject(call.server, str(args[0]))) destroySession(call.server, ref);
      return '';
    }],
    ['session.change_password', changePassword],
  ]);
}
