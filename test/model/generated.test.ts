// Freshness of src/model/generated/*: the committed module and error codes are what emit() gives for the committed
// intermediate; and, when the upstream xenapi.json happens to be next to the checkout, `npm run gen -- --check`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_DIR, INTERMEDIATE_FILE, emitAll } from '../../src/model/gen/emit.js';
import { checkImplicit } from '../../src/model/gen/from-xenapi.js';
import { deriveImplicit } from '../../src/model/implicit.js';
import { generatedCompact } from '../../src/model/gen/load.js';

const DATAMODEL = generatedCompact();
import type { CompactModel } from '../../src/model/compact.js';
import type { XMessage } from '../../src/model/gen/json-input.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const genDir = join(root, GENERATED_DIR);
const intermediate = JSON.parse(readFileSync(join(genDir, INTERMEDIATE_FILE), 'utf8')) as CompactModel;

test('every generated file is what emit() makes of the committed intermediate', () => {
  for (const [name, text] of emitAll(intermediate)) {
    assert.equal(readFileSync(join(genDir, name), 'utf8'), text, `${name} is stale: run npm run gen`);
  }
});

test('the loaded module holds the intermediate', () => {
  assert.deepEqual(DATAMODEL, intermediate);
  assert.match(DATAMODEL.digest, /^[0-9a-f]{64}$/);
});

test('checkImplicit rejects a derivation that differs from the listed messages', () => {
  const derived = deriveImplicit({
    cls: 'thing', lifecycle: 'published', flags: 'r', roles: { g: 14, c: 0 }, setterRole: () => 4,
    fields: [{ name: 'a', type: { kind: 'string' }, qualifier: 'RW', lifecycle: 'published', description: '' }],
  });
  const listed = (roles: string[], valueType = 'string'): Map<string, XMessage> => new Map(derived.map((m) => [m.name, {
    name: m.name,
    params: [{ name: 'session_id', type: 'session ref', required: true },
      ...m.params.map((p) => ({ name: p.name, type: p.name === 'value' ? valueType : p.type.kind === 'ref' ? 'thing ref' : 'string', required: true }))],
    result: m.name === 'get_record' ? 'thing record' : m.name === 'get_by_uuid' ? 'thing ref' : m.name === 'set_a' ? 'void' : 'string',
    errors: [], roles: m.name === 'set_a' ? roles : m.roles, state: 'Published_s', implicit: true,
  }]));
  assert.doesNotThrow(() => checkImplicit('thing', derived, listed(['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin'])));
  assert.throws(() => checkImplicit('thing', derived, listed(['pool-admin'])), /set_a roles/);
  assert.throws(() => checkImplicit('thing', derived, listed(['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin'], 'int')), /set_a params/);
  const extra = listed(['pool-admin', 'pool-operator', 'vm-power-admin', 'vm-admin']);
  extra.set('get_b', { ...extra.get('get_a')!, name: 'get_b' });
  assert.throws(() => checkImplicit('thing', derived, extra), /get_b is not derived/);
});

const upstream = resolve(root, '../shared/xenapi/xenapi.json');
test('npm run gen -- --check against the upstream xenapi.json', { skip: existsSync(upstream) ? false : `no ${upstream} (only present in the development workspace)` }, () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts/gen-model.ts'), upstream, '--check'], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
});
