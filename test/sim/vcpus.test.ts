// VM.set_VCPUs_max / set_VCPUs_at_startup are xapi's changing_VCPUs operation: Halted VMs and templates only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startSim } from './harness.js';

test('set_VCPUs_at_startup and set_VCPUs_max on a Running VM are VM_BAD_POWER_STATE and change nothing', async () => {
  const s = startSim();
  const web = s.vm('web01');
  const before = s.get('VM', web)['VCPUs_at_startup'];
  assert.deepEqual(await s.fails('VM.set_VCPUs_at_startup', web, 1n), ['VM_BAD_POWER_STATE', web, 'halted', 'running']);
  assert.deepEqual(await s.fails('VM.set_VCPUs_max', web, 1n), ['VM_BAD_POWER_STATE', web, 'halted', 'running']);
  assert.equal(s.get('VM', web)['VCPUs_at_startup'], before);
});

test('set_VCPUs_max then set_VCPUs_at_startup on a Halted VM', async () => {
  const s = startSim();
  const vm = s.vm('mail01');
  await s.ok('VM.set_VCPUs_max', vm, 4n);
  await s.ok('VM.set_VCPUs_at_startup', vm, 3n);
  assert.equal(s.get('VM', vm)['VCPUs_max'], 4n);
  assert.equal(s.get('VM', vm)['VCPUs_at_startup'], 3n);
});
