// The wire names the extension commands call exist in the model: the extension ones only with the extensions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { CLS, EXT, F, XAPI } from '../../src/cli/commands/ext/names.js';

test('plain XenAPI names are in both models; extension names only in the extended one', () => {
  const full = getModel();
  const plain = getModel({ extensions: false });
  for (const m of Object.values(XAPI)) {
    assert.ok(plain.findMessage(m) !== undefined, m);
    assert.ok(full.findMessage(m) !== undefined, m);
  }
  for (const m of Object.values(EXT)) {
    assert.ok(full.findMessage(m) !== undefined, m);
    assert.equal(plain.findMessage(m), undefined, m);
  }
  for (const c of Object.values(CLS)) assert.ok(plain.findClass(c) !== undefined, c);
  const fieldsOf = (cls: string) => new Set(full.findClass(cls)?.fields.map((f) => f.name) ?? []);
  const all = new Set([...['VM', 'host', 'host_metrics', 'PIF', 'PIF_metrics', 'VIF', 'VBD', 'VDI', 'network'].flatMap((c) => [...fieldsOf(c)])]);
  for (const [key, name] of Object.entries(F)) {
    if (key === 'cpuFlags') continue; // a key of host.cpu_info, not a field
    assert.ok(all.has(name), name);
  }
});

test('system.listMethods names the extensions with them, and not without (serve --no-extensions)', async () => {
  const { runCli, startDemoServer } = await import('../helpers/cli.js');
  const names = async (extensions: boolean) => {
    const r = await runCli(['call', 'system.listMethods', '-o', 'json'], { server: startDemoServer({ extensions }) });
    assert.equal(r.code, 0, r.stderr);
    return new Set(JSON.parse(r.stdout) as string[]);
  };
  const [ext, plain] = [await names(true), await names(false)];
  for (const m of [EXT.qualify, EXT.getQualification, EXT.migrate, EXT.addProfile, EXT.removeProfile]) {
    assert.ok(ext.has(m), m);
    assert.ok(!plain.has(m), m);
  }
  assert.ok(plain.has(XAPI.vmPoolMigrate) && plain.has(XAPI.vmAssertCanBootHere));
});
