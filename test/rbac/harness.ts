// A test server with the role objects seeded, and users (subject + server account) made through the API as root.
import type { XenValue } from '../../src/model/types.js';
import { seedRoles, roleRef } from '../../src/server/roles-seed.js';
import { startTestServer, valueOf, HTTP, TEST_PASSWORD } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';
import type { Envelope } from '../../src/wire/envelope.js';

export interface RbacServer extends TestServer {
  /** Makes a subject with these roles and a password account; returns the subject ref. */
  addUser(name: string, roles: readonly string[]): Promise<string>;
  /** Logs in over http as `name` (password TEST_PASSWORD); returns the envelope. */
  login(name: string): Promise<Envelope>;
  /** Logs in and returns the session ref (throws when refused). */
  sessionOf(name: string): Promise<string>;
}

export async function startRbacServer(): Promise<RbacServer> {
  const s = await startTestServer({ settings: { ownerName: 'xenctl-owner' } });
  seedRoles(s.store, s.model);
  const root = s.session;
  const must = async (method: string, ...params: XenValue[]): Promise<XenValue> => valueOf(await s.call(method, ...params));
  const login = (name: string): Promise<Envelope> => s.call('session.login_with_password', name, TEST_PASSWORD, '1.0', 'rbac-tests');
  return Object.assign(s, {
    async addUser(name: string, roles: readonly string[]): Promise<string> {
      const subject = await must('subject.create', root, { subject_identifier: name, other_config: {} }) as string;
      // As on xapi, a new subject holds pool-admin (the datamodel's default): swap it for the roles asked.
      for (const r of roles) if (r !== 'pool-admin') await must('subject.add_to_roles', root, subject, roleRef(r));
      if (!roles.includes('pool-admin')) await must('subject.remove_from_roles', root, subject, roleRef('pool-admin'));
      await must('subject.set_password', root, subject, TEST_PASSWORD);
      return subject;
    },
    login,
    async sessionOf(name: string): Promise<string> {
      return valueOf(await login(name)) as string;
    },
  });
}

export { HTTP, TEST_PASSWORD, valueOf };
