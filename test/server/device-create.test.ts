// VBD.create and VIF.create as xapi does them: a device number the VM already uses is DEVICE_ALREADY_EXISTS, and a
// VBD's userdevice "autodetect" is stored as the VM's lowest free device number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { XenValue } from '../../src/model/types.js';
import { startDemoServer } from '../helpers/cli.js';
import { delegatedCalls } from '../helpers/delegated-calls.js';

function setup() {
  const server = startDemoServer();
  const calls = delegatedCalls(server.xapi);
  const vm = server.demo.vms.get('mail01') ?? assert.fail('no mail01');
  const vdi = (): Promise<XenValue> => calls.ok('VDI.create', {
    name_label: 'd', SR: [...server.store.all('SR')][0]?.[0] ?? '', virtual_size: 1024n, type: 'user',
    sharable: false, read_only: false, other_config: {},
  });
  return { server, calls, vm, vdi };
}

const vbd = (vm: string, vdi: XenValue, userdevice: string): Record<string, XenValue> => ({
  VM: vm, VDI: vdi, userdevice, bootable: false, mode: 'RW', type: 'Disk', empty: false, other_config: {},
  qos_algorithm_type: '', qos_algorithm_params: {},
});

test('VBD.create: autodetect takes the lowest free userdevice; a used one is DEVICE_ALREADY_EXISTS', async () => {
  const { server, calls, vm, vdi } = setup();
  const free = await calls.ok('VM.get_allowed_VBD_devices', vm) as string[];
  const made = await calls.ok('VBD.create', vbd(vm, await vdi(), 'autodetect'));
  assert.equal(server.store.get('VBD', String(made))?.['userdevice'], free[0]);
  const again = await calls.ok('VBD.create', vbd(vm, await vdi(), 'autodetect'));
  assert.equal(server.store.get('VBD', String(again))?.['userdevice'], free[1]);
  assert.deepEqual(await calls.fails('VBD.create', vbd(vm, await vdi(), '0')), ['DEVICE_ALREADY_EXISTS', '0']);
});

test('VIF.create: a device the VM already uses is DEVICE_ALREADY_EXISTS', async () => {
  const { server, calls, vm } = setup();
  const network = [...server.store.all('network')][0]?.[0] ?? assert.fail('no network');
  const vif = (device: string): Record<string, XenValue> => ({
    device, network, VM: vm, MAC: '', MTU: 1500n, other_config: {}, qos_algorithm_type: '', qos_algorithm_params: {},
  });
  await calls.ok('VIF.create', vif('5'));
  assert.deepEqual(await calls.fails('VIF.create', vif('5')), ['DEVICE_ALREADY_EXISTS', '5']);
  assert.deepEqual(await calls.fails('VIF.create', vif('0')), ['DEVICE_ALREADY_EXISTS', '0']);
});
