// Command-line text -> typed values: byte counts take xe's size suffixes; other integers do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { parseValue } from '../../src/cli/values.js';

const model = getModel();
const INT = { kind: 'int' } as const;
const noRefs = (): Promise<string> => Promise.reject(new Error('no refs'));

test('memory and size fields take 512MiB, 8GiB, 8G, 1.5GiB as well as plain bytes', async () => {
  const bytes = (text: string, what = 'memory-static-max') => parseValue(model, INT, text, what, noRefs);
  assert.equal(await bytes('8GiB'), 8n * 1024n ** 3n);
  assert.equal(await bytes('8G'), 8n * 1024n ** 3n);
  assert.equal(await bytes('512MiB'), 512n * 1024n ** 2n);
  assert.equal(await bytes('1.5GiB', 'virtual-size'), 3n * 512n * 1024n ** 2n);
  assert.equal(await bytes('4096'), 4096n);
  await assert.rejects(bytes('lots'), /takes an integer \(or a size such as 512MiB, 8GiB\), not 'lots'/);
});

test('a count (VCPUs-max) takes no unit', async () => {
  await assert.rejects(parseValue(model, INT, '2G', 'VCPUs-max', noRefs), /VCPUs-max takes an integer, not '2G'/);
  assert.equal(await parseValue(model, INT, '4', 'VCPUs-max', noRefs), 4n);
});
