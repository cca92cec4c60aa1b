// event watch, <noun> wait and message commands in-process, against the reference server; another client makes
// the changes the listener must see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XenValue } from '../../src/model/types.js';
import { localTransport } from '../../src/transport/local.js';
import { XenClient } from '../../src/client/client.js';
import { runCli, startCliServer, uuidOf, type CliServer } from '../helpers/cli.js';

function clientOf(server: CliServer): XenClient {
  const transport = localTransport({
    handleXmlRpc: async (body, channel) => (await server.xapi.handleXmlRpc(body, channel)).chunks,
    handleJsonRpc: async (body, channel) => (await server.xapi.handleJsonRpc(body, channel)).chunks,
  });
  return new XenClient({ transport, model: server.model });
}

/** The current event token: a watcher started with --since it sees every later change, whenever it starts. */
async function tokenNow(server: CliServer): Promise<string> {
  const batch = await clientOf(server).call('event.from', [['vm'], '', 0]);
  const token = typeof batch === 'object' && !Array.isArray(batch) && !(batch instanceof Date) ? (batch as Record<string, XenValue>)['token'] : undefined;
  assert.equal(typeof token, 'string');
  return token as string;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

test('event watch: another client changes a VM and the watcher prints the mod with the changed field', async () => {
  const server = startCliServer();
  let finished = false;
  const watching = runCli(['event', 'watch', '--class', 'vm', '--count', '1'], { server }).finally(() => {
    finished = true;
  });
  // The watch reports changes from when it has started: change until it has seen one.
  for (let i = 0; !finished; i++) {
    assert.equal((await runCli(['vm', 'set', 'web01', `name-description=changed${i}`], { server })).code, 0);
    await delay(50);
  }
  const r = await watching;
  assert.equal(r.code, 0, r.stderr);
  const [line] = lines(r.stdout);
  assert.match(line ?? '', /\bvm {2}mod {2}web01 {2}name-description=changed\d+$/);
  assert.match(r.stderr, /resume with --since \d{20},\d{20}/);
});

test('event watch: a value with a newline stays on one line', async () => {
  const server = startCliServer();
  const since = await tokenNow(server);
  server.store.update('VM', server.fixture.db, { name_label: 'db\n01' });
  const r = await runCli(['event', 'watch', '--class', 'vm', '--since', since, '--count', '1'], { server });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(lines(r.stdout).length, 1, r.stdout);
  assert.match(r.stdout, /\bvm {2}mod {2}db 01$/m);
});

test('event watch -o ndjson: wire names, exact ints, the token; --where filters; a destroyed object is a del', async () => {
  const server = startCliServer();
  const since = await tokenNow(server);
  const watching = runCli(['-o', 'ndjson', 'event', 'watch', '--class', 'vm', '--since', since, '--where', 'name-label!=db01', '--count', '2'], { server });
  assert.equal((await runCli(['vm', 'set', 'db01', 'name-description=not shown'], { server })).code, 0);
  assert.equal((await runCli(['vm', 'set', 'web01', 'name-description=shown'], { server })).code, 0);
  // Changes of one object between two polls coalesce: the deletion is of another VM.
  server.store.destroy('VM', server.twins[0]);
  const r = await watching;
  assert.equal(r.code, 0, r.stderr);
  const events = lines(r.stdout).map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.equal(events.length, 2);
  const [mod, del] = events;
  assert.equal(mod?.['class'], 'vm');
  assert.equal(mod?.['operation'], 'mod');
  assert.equal(mod?.['ref'], server.fixture.web);
  assert.match(String(mod?.['token']), /^\d{20},\d{20}$/);
  const snap = mod?.['snapshot'] as Record<string, unknown>;
  assert.equal(snap['name_description'], 'shown');
  assert.equal(snap['power_state'], 'Running');
  // The int is written as digits (exact), not a string.
  assert.match(r.stdout, /"memory_static_max":2147483648[,}]/);
  assert.equal(del?.['operation'], 'del');
  assert.equal(del?.['ref'], server.twins[0]);
  assert.equal(del?.['snapshot'], undefined);
});

test('event watch --since: a second watch resumes where the first stopped and misses nothing in between', async () => {
  const server = startCliServer();
  const since = await tokenNow(server);
  await runCli(['vm', 'set', 'web01', 'name-description=one'], { server });
  const r1 = await runCli(['event', 'watch', '--class', 'vm', '--since', since, '--count', '1'], { server });
  assert.equal(r1.code, 0, r1.stderr);
  assert.match(r1.stdout, /\bvm {2}mod {2}web01\b/);
  const token = /resume with --since (\S+)/.exec(r1.stderr)?.[1];
  assert.ok(token !== undefined, r1.stderr);
  // Made while nobody watches.
  await runCli(['vm', 'set', 'db01', 'name-description=two'], { server });
  const r2 = await runCli(['-o', 'ndjson', 'event', 'watch', '--class', 'vm', '--since', token, '--count', '1'], { server });
  assert.equal(r2.code, 0, r2.stderr);
  const ev = JSON.parse(lines(r2.stdout)[0] ?? '{}') as { ref: string; snapshot: { name_description: string } };
  assert.equal(ev.ref, server.fixture.db);
  assert.equal(ev.snapshot.name_description, 'two');
});

test('event watch --count stopping inside a batch: the token printed replays the rest, so nothing is skipped', async () => {
  const server = startCliServer();
  const since = await tokenNow(server);
  await runCli(['vm', 'set', 'web01', 'name-description=one'], { server });
  await runCli(['vm', 'set', 'db01', 'name-description=two'], { server });
  const r1 = await runCli(['-o', 'ndjson', 'event', 'watch', '--class', 'vm', '--since', since, '--count', '1'], { server });
  assert.equal(r1.code, 0, r1.stderr);
  const first = JSON.parse(lines(r1.stdout)[0] ?? '{}') as { ref: string; token: string };
  assert.equal(first.ref, server.fixture.web);
  const token = /resume with --since (\S+)/.exec(r1.stderr)?.[1];
  assert.equal(token, first.token);
  const r2 = await runCli(['-o', 'ndjson', 'event', 'watch', '--class', 'vm', '--since', token ?? '', '--count', '2'], { server });
  const refs = lines(r2.stdout).map((l) => (JSON.parse(l) as { ref: string }).ref);
  assert.deepEqual(refs, [server.fixture.web, server.fixture.db]);
});

test('event watch --exec: the command gets the event as JSON on stdin and XENCTL_EVENT_* in its environment, in order', async () => {
  const server = startCliServer();
  const since = await tokenNow(server);
  const cmd = 'printf "%s %s %s %s %s\\n" "$XENCTL_EVENT_CLASS" "$XENCTL_EVENT_OPERATION" "$XENCTL_EVENT_REF" "$XENCTL_EVENT_UUID" "$XENCTL_EVENT_TOKEN"; cat';
  const watching = runCli(['event', 'watch', '--class', 'vm', '--since', since, '--exec', cmd, '--count', '2'], { server });
  await runCli(['vm', 'set', 'web01', 'name-description=a'], { server });
  await runCli(['vm', 'set', 'db01', 'name-description=b'], { server });
  const r = await watching;
  assert.equal(r.code, 0, r.stderr);
  const out = lines(r.stdout);
  assert.equal(out.length, 4, r.stdout);
  const [env1, json1, env2, json2] = out;
  const [cls, op, ref, uuid, token] = (env1 ?? '').split(' ');
  assert.deepEqual([cls, op, ref, uuid], ['vm', 'mod', server.fixture.web, uuidOf(server, 'VM', server.fixture.web)]);
  const ev1 = JSON.parse(json1 ?? '{}') as { ref: string; token: string; snapshot: { name_description: string } };
  assert.equal(ev1.ref, server.fixture.web);
  assert.equal(ev1.token, token);
  assert.equal(ev1.snapshot.name_description, 'a');
  assert.ok(env2?.startsWith(`vm mod ${server.fixture.db} `), env2);
  assert.equal((JSON.parse(json2 ?? '{}') as { ref: string }).ref, server.fixture.db);
});

test('event watch: Ctrl-C ends it with exit 0 and the token reached; an unknown class is a usage error', async () => {
  const server = startCliServer();
  const ctrlC = new AbortController();
  const watching = runCli(['event', 'watch', '--class', 'vm,host', '--since', await tokenNow(server)], { server, signal: ctrlC.signal });
  await delay(100);
  ctrlC.abort();
  const r = await watching;
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /resume with --since \d{20},\d{20}/);
  assert.equal((await runCli(['event', 'watch', '--class', 'nosuch'], { server })).code, 2);
  assert.equal((await runCli(['event', 'watch', '--class', 'vm', '--where', 'nosuch=1'], { server })).code, 2);
  // The in-process server still holds the interrupted event.from: wake it, as closing a local: server does.
  server.xapi.close();
});

test('vm wait: returns once another client shuts the VM down, not before', async () => {
  const server = startCliServer();
  let done = false;
  const waiting = runCli(['vm', 'wait', 'web01', 'power-state=halted', '--timeout', '20'], { server }).then((r) => {
    done = true;
    return r;
  });
  await delay(200);
  assert.equal(done, false, 'wait returned while the VM was still running');
  assert.equal((await runCli(['vm', 'hard-shutdown', 'web01'], { server })).code, 0);
  const r = await waiting;
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(server.store.get('VM', server.fixture.web)?.['power_state'], 'Halted');
});

test('vm wait: a condition that already holds returns at once; -o json prints the record; several conditions are ANDed', async () => {
  const server = startCliServer();
  const r = await runCli(['-o', 'json', 'vm', 'wait', 'db01', 'power-state=HALTED', 'name-label=db01'], { server });
  assert.equal(r.code, 0, r.stderr);
  const rec = JSON.parse(r.stdout) as { ref: string; power_state: string };
  assert.equal(rec.ref, server.fixture.db);
  assert.equal(rec.power_state, 'Halted');
});

test('vm wait: --timeout exits 5 with a message; the global --timeout too; a deleted object exits 1', async () => {
  const server = startCliServer();
  const r = await runCli(['vm', 'wait', 'web01', 'power-state=halted', '--timeout', '0.3'], { server });
  assert.equal(r.code, 5);
  assert.match(r.stderr, /did not reach power-state=halted within 0.3 s/);
  const g = await runCli(['--timeout', '0.3', 'vm', 'wait', 'web01', 'power-state=halted'], { server });
  assert.equal(g.code, 5, g.stderr);
  const j = await runCli(['-o', 'json', 'vm', 'wait', 'web01', 'power-state=halted', '--timeout', '0.2'], { server });
  assert.equal(j.code, 5);
  assert.equal((JSON.parse(j.stderr) as { error: { code: string } }).error.code, 'TIMEOUT');
  const gone = runCli(['vm', 'wait', server.fixture.db, 'power-state=running', '--timeout', '20'], { server });
  await delay(100);
  server.store.destroy('VM', server.fixture.db);
  const d = await gone;
  assert.equal(d.code, 1, d.stderr);
  assert.match(d.stderr, /HANDLE_INVALID/);
  assert.equal((await runCli(['vm', 'wait', 'web01', 'nosuch=1'], { server })).code, 2);
});

test('message create, list, watch and destroy', async () => {
  const server = startCliServer();
  const since = await tokenNow(server);
  const watching = runCli(['-o', 'ndjson', 'message', 'watch', '--since', since, '--count', '2'], { server });
  const made = await runCli(['-o', 'json', 'message', 'create', '--name', 'BACKUP_FAILED', '--priority', '2', '--class', 'vm', '--obj', 'web01', '--body', 'disk full'], { server });
  assert.equal(made.code, 0, made.stderr);
  const { ref, uuid } = JSON.parse(made.stdout) as { ref: string; uuid: string };
  const pooled = await runCli(['message', 'create', '--name', 'POOL_NOTE'], { server });
  assert.equal(pooled.code, 0, pooled.stderr);

  const table = await runCli(['message', 'list'], { server });
  assert.equal(table.code, 0, table.stderr);
  const rows = lines(table.stdout);
  assert.deepEqual(rows[0]?.split('\t'), ['time', 'priority', 'class', 'object', 'name', 'body']);
  const backup = rows.find((l) => l.includes('BACKUP_FAILED'))?.split('\t');
  assert.deepEqual(backup?.slice(1), ['2', 'VM', 'web01', 'BACKUP_FAILED', 'disk full']);
  assert.ok(rows.some((l) => l.includes('\tPool\ttest\tPOOL_NOTE\t')), table.stdout);

  const json = await runCli(['-o', 'json', 'message', 'list', '--where', 'name=BACKUP_FAILED'], { server });
  const list = JSON.parse(json.stdout) as Array<Record<string, XenValue>>;
  assert.equal(list.length, 1);
  assert.equal(list[0]?.['obj_uuid'], uuidOf(server, 'VM', server.fixture.web));
  assert.equal(list[0]?.['priority'], 2);

  const w = await watching;
  assert.equal(w.code, 0, w.stderr);
  const seen = lines(w.stdout).map((l) => JSON.parse(l) as { class: string; operation: string; snapshot: { name: string } });
  assert.deepEqual(seen.map((e) => [e.class, e.operation, e.snapshot.name]), [['message', 'add', 'BACKUP_FAILED'], ['message', 'add', 'POOL_NOTE']]);

  assert.equal((await runCli(['message', 'destroy', uuid], { server })).code, 0);
  assert.equal(server.store.get('message', ref), undefined);
  assert.equal((await runCli(['message', 'destroy', uuid], { server })).code, 1);
  assert.equal((await runCli(['message', 'create', '--name', 'X', '--class', 'vm', '--obj', 'nosuchvm'], { server })).code, 1);
  assert.equal((await runCli(['message', 'create', '--name', 'X', '--class', 'bogus'], { server })).code, 2);
});
