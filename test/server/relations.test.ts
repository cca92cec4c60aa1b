import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { buildRelations, syncRelation } from '../../src/server/relations.js';
import { startTestServer, valueOf } from '../helpers/server.js';
import type { TestServer } from '../helpers/server.js';

describe('two-way references', () => {
  test('the pair table is derived from the model, ambiguous pairs from the hand list', () => {
    const rel = buildRelations(getModel());
    const names = new Set(rel.pairs().map(([r, st]) => `${r.cls}.${r.field}=${st.cls}.${st.field}`));
    for (const p of [
      'VIF.VM=VM.VIFs', 'VBD.VM=VM.VBDs', 'VBD.VDI=VDI.VBDs', 'VM.resident_on=host.resident_VMs', 'VDI.SR=SR.VDIs',
      'VIF.network=network.VIFs', 'PIF.network=network.PIFs', 'PIF.host=host.PIFs', 'PBD.SR=SR.PBDs',
      'PBD.host=host.PBDs', 'VM.snapshot_of=VM.snapshots', 'VM.parent=VM.children', 'task.subtask_of=task.subtasks',
    ]) assert.ok(names.has(p), p);
    // affinity is a host ref too, but host.resident_VMs mirrors resident_on only
    assert.equal(rel.endsOf('VM').get('affinity'), undefined);
    assert.equal(rel.endsOf('VM').get('VBDs')?.kind, 'set');
  });

  describe('kept consistent by create, destroy and set', () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer();
    });
    after(() => s.close());

    test('creating a VBD adds it to VM.VBDs and VDI.VBDs; destroying removes it', async () => {
      const { db, vdi } = s.fixture;
      const vbd = valueOf(await s.call('VBD.create', s.session, {
        VM: db, VDI: vdi, userdevice: '1', bootable: false, mode: 'RW', type: 'Disk', empty: false,
        unpluggable: true, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {},
      })) as string;
      assert.deepEqual(valueOf(await s.call('VM.get_VBDs', s.session, db)), [vbd]);
      assert.ok((valueOf(await s.call('VDI.get_VBDs', s.session, vdi)) as string[]).includes(vbd));
      valueOf(await s.call('VBD.destroy', s.session, vbd));
      assert.deepEqual(valueOf(await s.call('VM.get_VBDs', s.session, db)), []);
      assert.ok(!(valueOf(await s.call('VDI.get_VBDs', s.session, vdi)) as string[]).includes(vbd));
    });

    test('a create naming an object that does not exist fails with HANDLE_INVALID', async () => {
      const r = await s.call('VIF.create', s.session, { VM: 'OpaqueRef:ghost', network: s.fixture.network, device: '1' });
      assert.deepEqual(r, { ok: false, error: ['HANDLE_INVALID', 'VM', 'OpaqueRef:ghost'] });
    });

    test('destroying the set side clears the children\'s refs', async () => {
      const net = valueOf(await s.call('network.create', s.session, { name_label: 'tmp' })) as string;
      const vif = valueOf(await s.call('VIF.create', s.session, { VM: s.fixture.db, network: net, device: '3', MAC: '' })) as string;
      assert.deepEqual(valueOf(await s.call('network.get_VIFs', s.session, net)), [vif]);
      valueOf(await s.call('network.destroy', s.session, net));
      assert.equal(valueOf(await s.call('VIF.get_network', s.session, vif)), 'OpaqueRef:NULL');
    });

    test('changing a ref field moves the object between the sets', () => {
      const { web, db, vbd } = s.fixture;
      s.store.update('VBD', vbd, { VM: db });
      syncRelation(s.store, s.xapi.context.relations, 'VBD', vbd, 'VM', web, db);
      assert.ok(!(s.store.get('VM', web)!['VBDs'] as string[]).includes(vbd));
      assert.ok((s.store.get('VM', db)!['VBDs'] as string[]).includes(vbd));
      // and changing the set side re-points the member, taking it from its old owner
      s.store.update('VM', web, { VBDs: [vbd] });
      syncRelation(s.store, s.xapi.context.relations, 'VM', web, 'VBDs', [], [vbd]);
      assert.equal(s.store.get('VBD', vbd)!['VM'], web);
      assert.ok(!(s.store.get('VM', db)!['VBDs'] as string[]).includes(vbd));
    });
  });
});
