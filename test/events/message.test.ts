import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { XenStruct } from '../../src/model/types.js';
import { raiseMessage } from '../../src/server/events/messages.js';
import { asBatch, startHarness } from './harness.js';
import type { Harness } from './harness.js';

describe('the message class', () => {
  let h: Harness;
  let vmUuid: string;
  let hostUuid: string;
  before(async () => {
    h = await startHarness();
    const vm = [...h.demo.vms.values()][0] as string;
    vmUuid = await h.ok('VM.get_uuid', vm) as string;
    hostUuid = await h.ok('host.get_uuid', [...h.demo.hosts.values()][0] as string) as string;
  });
  after(() => h.close());

  test('create, get_record, get_by_uuid, get_all; appears in event.from as add, then del', async () => {
    const start = asBatch(await h.ok('event.from', ['message'], '', 0)).token;
    const before = new Date(Date.now() - 2000);
    const ref = await h.ok('message.create', 'VM_STARTED', 3n, 'VM', vmUuid, 'started by test') as string;
    const rec = await h.ok('message.get_record', ref) as XenStruct;
    assert.equal(rec['name'], 'VM_STARTED');
    assert.equal(rec['priority'], 3n);
    assert.equal(rec['cls'], 'VM');
    assert.equal(rec['obj_uuid'], vmUuid);
    assert.equal(rec['body'], 'started by test');
    assert.ok(rec['timestamp'] instanceof Date);
    assert.equal(await h.ok('message.get_by_uuid', rec['uuid'] as string), ref);
    assert.ok((await h.ok('message.get_all') as string[]).includes(ref));
    assert.ok(ref in (await h.ok('message.get_since', before) as XenStruct));
    assert.ok(!(ref in (await h.ok('message.get_since', new Date(Date.now() + 60_000)) as XenStruct)));
    assert.ok(ref in (await h.ok('message.get', 'VM', vmUuid, before) as XenStruct));
    assert.ok(!(ref in (await h.ok('message.get', 'Host', vmUuid, before) as XenStruct)));

    const added = asBatch(await h.ok('event.from', ['message'], start, 0));
    assert.deepEqual(added.events.map((e) => [e.class, e.operation, e.ref]), [['message', 'add', ref]]);
    assert.equal(added.events[0]?.snapshot?.['name'], 'VM_STARTED');
    assert.notEqual(added.token.split(',')[1], start.split(',')[1], 'messages move the message generation');

    await h.ok('message.destroy', ref);
    const gone = asBatch(await h.ok('event.from', ['*'], added.token, 0));
    assert.deepEqual(gone.events.map((e) => [e.class, e.operation, e.ref]), [['message', 'del', ref]]);
    assert.deepEqual(await h.fails('message.get_record', ref), ['HANDLE_INVALID', 'message', ref]);
  });

  test('a message about a missing object fails UUID_INVALID [cls, uuid]', async () => {
    assert.deepEqual(await h.fails('message.create', 'X', 1n, 'VM', 'no-such-uuid', ''), ['UUID_INVALID', 'VM', 'no-such-uuid']);
  });

  test('raiseMessage (for other handlers) and get_all_records_where', async () => {
    const ref = raiseMessage(h.xapi.context, { name: 'HOST_LOW_MEMORY', priority: 2, cls: 'Host', objUuid: hostUuid, body: 'low' });
    const all = await h.ok('message.get_all_records') as XenStruct;
    assert.ok(ref in all);
    const where = await h.ok('message.get_all_records_where', 'field "name"="HOST_LOW_MEMORY"') as XenStruct;
    assert.deepEqual(Object.keys(where), [ref]);
    assert.equal((await h.fails('message.get_all_records_where', 'field "name'))[0], 'INVALID_VALUE');
    await h.ok('message.destroy_many', [ref]);
    assert.deepEqual(Object.keys(await h.ok('message.get_all_records') as XenStruct), []);
  });
});
