// VM.create checks the memory limits as xapi does (MEMORY_CONSTRAINT_VIOLATION), and creates nothing then.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GiB, startSim } from './harness.js';

const record = (staticMin: bigint, dynamicMin: bigint, dynamicMax: bigint, staticMax: bigint) => ({
  name_label: 'fresh', memory_static_min: staticMin, memory_dynamic_min: dynamicMin, memory_dynamic_max: dynamicMax,
  memory_static_max: staticMax, VCPUs_max: 1n, VCPUs_at_startup: 1n,
});

test('VM.create with static_min above static_max is MEMORY_CONSTRAINT_VIOLATION', async () => {
  const s = startSim();
  const before = (await s.ok('VM.get_all') as string[]).length;
  const err = await s.fails('VM.create', record(4n * GiB, GiB, GiB, GiB));
  assert.equal(err[0], 'MEMORY_CONSTRAINT_VIOLATION');
  assert.equal((await s.fails('VM.create', record(GiB, GiB, 2n * GiB, GiB)))[0], 'MEMORY_CONSTRAINT_VIOLATION');
  assert.equal((await s.ok('VM.get_all') as string[]).length, before);
  const ok = await s.ok('VM.create', record(GiB / 2n, GiB, GiB, 2n * GiB));
  assert.equal(s.get('VM', String(ok))['memory_static_max'], 2n * GiB);
});
