import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, valueOf, structOf } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

describe('implicit messages, served from the store', () => {
  let s: TestServer;
  before(async () => {
    s = await startTestServer();
  });
  after(() => s.close());

  test('get_<field> and set_<field>', async () => {
    const { web } = s.fixture;
    assert.equal(valueOf(await s.call('VM.get_power_state', s.session, web)), 'Running');
    assert.equal(valueOf(await s.call('VM.get_memory_static_max', s.session, web)), 2147483648n);
    assert.equal(valueOf(await s.call('VM.set_name_description', s.session, web, 'front end')), '');
    assert.equal(valueOf(await s.call('VM.get_name_description', s.session, web)), 'front end');
    // enums are matched case-insensitively and stored in the model's spelling
    valueOf(await s.call('VM.set_actions_after_crash', s.session, web, 'RESTART'));
    assert.equal(valueOf(await s.call('VM.get_actions_after_crash', s.session, web)), 'restart');
    // no setter for a runtime field
    const ro = await s.call('VM.set_power_state', s.session, web, 'Halted');
    assert.deepEqual(ro, { ok: false, error: ['MESSAGE_METHOD_UNKNOWN', 'VM.set_power_state'] });
  });

  test('add_to_ / remove_from_ maps, MAP_DUPLICATE_KEY [type, param_name, uuid, key]', async () => {
    const { web } = s.fixture;
    const uuid = valueOf(await s.call('VM.get_uuid', s.session, web));
    valueOf(await s.call('VM.add_to_other_config', s.session, web, 'folder', '/prod'));
    assert.deepEqual({ ...structOf(valueOf(await s.call('VM.get_other_config', s.session, web))) }, { owner: 'ops', folder: '/prod' });
    assert.deepEqual(await s.call('VM.add_to_other_config', s.session, web, 'folder', '/x'),
      { ok: false, error: ['MAP_DUPLICATE_KEY', 'VM', 'other_config', uuid, 'folder'] });
    valueOf(await s.call('VM.remove_from_other_config', s.session, web, 'folder'));
    valueOf(await s.call('VM.remove_from_other_config', s.session, web, 'absent'));
    assert.deepEqual({ ...structOf(valueOf(await s.call('VM.get_other_config', s.session, web))) }, { owner: 'ops' });
  });

  test('add_ / remove_ sets keep members unique', async () => {
    const { web } = s.fixture;
    valueOf(await s.call('VM.add_tags', s.session, web, 'blue'));
    valueOf(await s.call('VM.add_tags', s.session, web, 'blue'));
    assert.deepEqual(valueOf(await s.call('VM.get_tags', s.session, web)), ['prod', 'blue']);
    valueOf(await s.call('VM.remove_tags', s.session, web, 'prod'));
    assert.deepEqual(valueOf(await s.call('VM.get_tags', s.session, web)), ['blue']);
  });

  test('get_record, get_all, get_all_records, get_by_uuid, get_by_name_label', async () => {
    const { web, db, template } = s.fixture;
    const rec = structOf(valueOf(await s.call('VM.get_record', s.session, web)));
    assert.equal(rec['name_label'], 'web01');
    const modelFields = s.model.classes.get('VM')!.fields;
    const live = modelFields.filter((f) => f.lifecycle !== 'removed').map((f) => f.name);
    assert.deepEqual(Object.keys(rec), live);
    for (const f of modelFields.filter((x) => x.lifecycle === 'removed')) assert.ok(!(f.name in rec), f.name);

    const all = valueOf(await s.call('VM.get_all', s.session));
    assert.deepEqual([...(all as string[])].sort(), [web, db, template].sort());
    const recs = structOf(valueOf(await s.call('VM.get_all_records', s.session)));
    assert.deepEqual(Object.keys(recs).sort(), [web, db, template].sort());
    assert.equal(structOf(recs[db]!)['name_label'], 'db01');

    const uuid = valueOf(await s.call('VM.get_uuid', s.session, db));
    assert.equal(valueOf(await s.call('VM.get_by_uuid', s.session, uuid)), db);
    assert.deepEqual(await s.call('VM.get_by_uuid', s.session, 'no-such-uuid'), { ok: false, error: ['UUID_INVALID', 'VM', 'no-such-uuid'] });
    assert.deepEqual(valueOf(await s.call('VM.get_by_name_label', s.session, 'db01')), [db]);
    assert.deepEqual(valueOf(await s.call('VM.get_by_name_label', s.session, 'nobody')), []);
  });

  test('get_all_where and get_all_records_where', async () => {
    const { web, db } = s.fixture;
    assert.deepEqual(valueOf(await s.call('VM.get_all_where', s.session, 'field "name__label"="db01"')), [db]);
    const both = valueOf(await s.call('VM.get_all_where', s.session,
      '(field "name__label"="db01") or (field "power_state"="Running")'));
    assert.deepEqual([...(both as string[])].sort(), [web, db].sort());
    const recs = structOf(valueOf(await s.call('VM.get_all_records_where', s.session, 'field "is_a_template"="false"')));
    assert.deepEqual(Object.keys(recs).sort(), [web, db].sort());
    const bad = await s.call('VM.get_all_where', s.session, 'field "name__label"=');
    assert.equal(!bad.ok && bad.error[0], 'INVALID_VALUE');
    assert.equal(!bad.ok && bad.error[1], 'field "name__label"=');
  });

  test('create takes a record; missing keys take defaults; destroy removes', async () => {
    const ref = valueOf(await s.call('network.create', s.session, { name_label: 'lab', other_config: { a: 'b' } }));
    assert.equal(typeof ref, 'string');
    const rec = structOf(valueOf(await s.call('network.get_record', s.session, ref)));
    assert.equal(rec['name_label'], 'lab');
    assert.equal(rec['name_description'], '');
    assert.match(String(rec['uuid']), /^[0-9a-f]{8}-[0-9a-f]{4}-/);
    assert.equal(valueOf(await s.call('network.get_by_uuid', s.session, rec['uuid']!)), ref);
    valueOf(await s.call('network.destroy', s.session, ref));
    assert.deepEqual(await s.call('network.get_record', s.session, ref), { ok: false, error: ['HANDLE_INVALID', 'network', ref] });
    assert.deepEqual(await s.call('network.destroy', s.session, ref), { ok: false, error: ['HANDLE_INVALID', 'network', ref] });
  });
});
