import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLine, scanWords } from '../../src/cli/parse.js';
import type { CommandSpec } from '../../src/cli/spec.js';
import { UsageError } from '../../src/cli/errors.js';
import { closest, editDistance } from '../../src/cli/suggest.js';

const spec: CommandSpec = {
  noun: 'vm',
  verb: 'start',
  summary: 'start',
  positionals: [{ name: 'vm', required: true, summary: 'the vm' }],
  flags: [
    { name: 'start-paused', kind: 'bool', summary: 'paused' },
    { name: 'host', kind: 'string', summary: 'host' },
    { name: 'tag', kind: 'string', repeatable: true, summary: 'tags' },
    { name: 'timeout', kind: 'string', summary: 'a parameter named like a global option' },
  ],
  run: async () => ({ kind: 'none' }),
};

test('scanWords skips global options and their values wherever they are', () => {
  const argv = ['-o', 'json', 'vm', '--where', 'x=y', 'list', '-q', '--url=http://h'];
  assert.deepEqual(scanWords(argv).map((w) => w.text), ['vm', 'list']);
});

test('parseLine: global options anywhere, command flags, positionals', () => {
  const argv = ['-o', 'yaml', 'vm', 'start', 'web01', '--host', 'host2', '--start-paused', '-c', 'a,b', '--tag=x', '--tag', 'y'];
  const { args, globals } = parseLine(argv, new Set([2, 3]), spec);
  assert.deepEqual(args.pos, { vm: 'web01' });
  assert.deepEqual(args.flags, { host: 'host2', 'start-paused': true, tag: ['x', 'y'] });
  assert.equal(globals['output'], 'yaml');
  assert.deepEqual(globals['columns'], ['a,b']);
});

test('parseLine: a command flag wins over a global option of the same name; wire spelling accepted', () => {
  const { args, globals } = parseLine(['vm', 'start', 'w', '--timeout', '5', '--start_paused=false'], new Set([0, 1]), spec);
  assert.equal(args.flags['timeout'], '5');
  assert.equal(globals['timeout'], undefined);
  assert.equal(args.flags['start-paused'], false);
});

test('parseLine: unknown option suggests the nearest, missing/extra positionals are usage errors', () => {
  assert.throws(() => parseLine(['vm', 'start', 'w', '--hots', 'h'], new Set([0, 1]), spec), (e: unknown) =>
    e instanceof UsageError && /did you mean '--host'/.test(e.message));
  assert.throws(() => parseLine(['vm', 'start'], new Set([0, 1]), spec), /missing <vm>/);
  assert.throws(() => parseLine(['vm', 'start', 'a', 'b'], new Set([0, 1]), spec), /unexpected argument 'b'/);
  assert.throws(() => parseLine(['vm', 'start', 'a', '--host'], new Set([0, 1]), spec), /needs a value/);
  assert.throws(() => parseLine(['vm', 'start', 'a', '-o', 'jsn'], new Set([0, 1]), spec), /did you mean 'json'/);
});

test('edit distance and suggestions', () => {
  assert.equal(editDistance('vmm', 'vm'), 1);
  assert.equal(editDistance('lsit', 'list'), 1);
  assert.deepEqual(closest('lsit', ['list', 'get', 'set']), ['list']);
  assert.deepEqual(closest('zzzzzz', ['list', 'get']), []);
});

test('before the noun only global options count: a command option of the same name is reachable after it', () => {
  const { args, globals } = parseLine(['--timeout', '9', 'vm', 'start', 'w', '--timeout', '5'], new Set([2, 3]), spec);
  assert.equal(globals['timeout'], '9');
  assert.equal(args.flags['timeout'], '5');
  assert.throws(() => parseLine(['--host', 'h', 'vm', 'start', 'w'], new Set([2, 3]), spec), /unknown option '--host'/);
});

test('parseLine: a bool flag that takes an inline word (--customize=FILE) sets the flag and adds the word', () => {
  const clone: CommandSpec = {
    noun: 'vm', verb: 'clone', summary: 'clone', run: async () => ({ kind: 'none' }),
    positionals: [
      { name: 'vm', required: true, summary: 'vm' }, { name: 'new-name', required: true, summary: 'name' },
      { name: 'spec', required: false, summary: 'spec' },
    ],
    flags: [{ name: 'customize', kind: 'bool', inlineWord: true, summary: 'customize' }, { name: 'reset', kind: 'bool', summary: 'reset' }],
  };
  const inline = parseLine(['vm', 'clone', 'web01', 'web09', '--customize=spec.yaml'], new Set([0, 1]), clone);
  assert.deepEqual(inline.args.pos, { vm: 'web01', 'new-name': 'web09', spec: 'spec.yaml' });
  assert.equal(inline.args.flags['customize'], true);
  assert.deepEqual(parseLine(['vm', 'clone', 'web01', 'web09', '--customize', 'spec.yaml'], new Set([0, 1]), clone).args, inline.args);
  assert.equal(parseLine(['vm', 'clone', 'a', 'b', '--customize=false'], new Set([0, 1]), clone).args.flags['customize'], false);
  // Other bool flags still refuse a word.
  assert.throws(() => parseLine(['vm', 'clone', 'a', 'b', '--reset=spec.yaml'], new Set([0, 1]), clone), /takes true or false/);
});

test('--where leaves <obj> out only for a command that selects by --where (bulk verbs); others keep it', () => {
  const argv = ['vm', 'start', '--where', 'name-label=web01', '--to', 'host2'];
  const own = { ...spec, message: 'VM.migrate', flags: [{ name: 'to', kind: 'string', summary: 'host' }] } as const satisfies CommandSpec;
  assert.throws(() => parseLine(argv, new Set([0, 1]), own), (e: unknown) => e instanceof UsageError && /missing <vm>/.test(e.message));
  const bulk: CommandSpec = { ...own, selectsByWhere: true };
  assert.deepEqual(parseLine(argv, new Set([0, 1]), bulk).args, { pos: {}, flags: { to: 'host2' } });
});
