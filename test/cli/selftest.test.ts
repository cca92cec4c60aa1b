// Walks every command (virsh's self-test): the specs must be consistent and each must map to the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { allCommands, classNouns, commandsOf } from '../../src/cli/registry.js';
import { commandHelp } from '../../src/cli/help.js';
import { HANDWRITTEN } from '../../src/cli/commands/index.js';
import { GLOBAL_FLAGS } from '../../src/cli/globals.js';
import { classOfNoun, findFieldLoose, verbOf } from '../../src/cli/generic/names.js';
import { DEFAULT_COLUMNS } from '../../src/cli/generic/columns.js';
import { HIDDEN_BY_DEFAULT } from '../../src/cli/generic/list.js';
import { objectParam } from '../../src/cli/generic/message.js';
import { settableFields, accessor } from '../../src/cli/generic/access.js';

const model = getModel();

test('every class has a noun, and every noun resolves back to its class', () => {
  const nouns = classNouns(model);
  assert.equal(nouns.length, model.classes.size);
  assert.equal(new Set(nouns).size, nouns.length, 'nouns are unique');
  for (const noun of nouns) {
    assert.match(noun, /^[a-z0-9]+(-[a-z0-9]+)*$/);
    assert.ok(classOfNoun(model, noun) !== undefined, noun);
  }
});

test('every command is well-formed: help, unique verbs and flags, positionals in order', () => {
  const commands = allCommands(model);
  assert.ok(commands.length > 500, `only ${commands.length} commands`);
  const seen = new Set<string>();
  for (const c of commands) {
    const id = `${c.noun} ${c.verb ?? ''}`;
    assert.ok(!seen.has(id), `duplicate command ${id}`);
    seen.add(id);
    assert.ok(c.summary.trim().length > 0, `${id} lacks a summary`);
    if (c.verb !== undefined) assert.match(c.verb, /^[a-z0-9]+(-[a-z0-9]+)*( [a-z0-9]+(-[a-z0-9]+)*)?$/, id);
    const names = c.flags.map((f) => f.name);
    assert.equal(new Set(names).size, names.length, `${id} has duplicate flags`);
    let optional = false;
    c.positionals.forEach((p, i) => {
      if (!p.required) optional = true;
      else assert.ok(!optional, `${id}: required <${p.name}> after an optional one`);
      if (p.variadic === true) assert.equal(i, c.positionals.length - 1, `${id}: variadic <${p.name}> not last`);
    });
    for (const f of c.flags) {
      assert.match(f.name, /^[a-z0-9]+(-[a-z0-9]+)*$/, `${id} --${f.name}`);
      assert.ok(f.summary.length > 0, `${id} --${f.name} lacks help`);
      if (f.kind === 'xen') assert.ok(f.type !== undefined, `${id} --${f.name} has no type`);
      if (f.kind === 'bool') assert.ok(f.required !== true, `${id} --${f.name}: a required switch`);
      assert.ok(!['help', 'output', 'columns', 'quiet', 'debug'].includes(f.name), `${id} --${f.name} shadows a global option`);
    }
    const help = commandHelp(model, c);
    assert.ok(help.includes(`xenctl ${id.trim()}`), `${id}: help lacks the synopsis`);
    assert.ok(help.includes('EXIT STATUS'));
  }
});

test('each generated command maps to a model message, its object and every parameter', () => {
  for (const cls of model.classes.values()) {
    const specs = commandsOf(model, verbOf(cls.name)) ?? [];
    for (const spec of specs) {
      if (spec.message === undefined) continue;
      const msg = model.findMessage(spec.message);
      assert.ok(msg !== undefined, `${spec.noun} ${spec.verb ?? ''} -> ${spec.message} is not in the model`);
      // Hand-written verbs shape their own arguments; the generated ones must mirror the message exactly.
      if (HANDWRITTEN.includes(spec)) continue;
      assert.deepEqual(spec.roles, msg.roles, `${spec.message}: roles as the model says`);
      if (msg.implicit !== undefined) continue;
      const obj = objectParam(cls, msg);
      assert.equal(spec.positionals.length, obj === undefined ? 0 : 1, spec.message);
      for (const p of msg.params) {
        if (p === obj) continue;
        const flag = spec.flags.find((f) => f.param === p.name);
        assert.ok(flag !== undefined, `${spec.message}: no flag for ${p.name}`);
        // A password is read from the file its flag names, never given as a value.
        if (flag.secret === true) assert.equal(flag.name.endsWith('-file'), true, `${spec.message}: ${flag.name}`);
        else assert.deepEqual(flag.type, p.type);
      }
      assert.equal(spec.flags.length, msg.params.length - (obj === undefined ? 0 : 1));
    }
    const explicit = cls.messages.filter((m) => m.implicit === undefined && !m.sessionless && m.lifecycle !== 'removed');
    for (const m of explicit) {
      assert.ok(specs.some((s) => s.message === `${cls.name}.${m.name}` || s.verb === verbOf(m.name)), `${cls.name}.${m.name} has no verb`);
    }
  }
});

test('a class message named create/destroy takes the verb', () => {
  const vlan = commandsOf(model, 'vlan') ?? [];
  assert.equal(vlan.find((s) => s.verb === 'create')?.message, 'VLAN.create');
  const vm = commandsOf(model, 'vm') ?? [];
  assert.equal(vm.find((s) => s.verb === 'create')?.message, 'VM.create');
  assert.ok(vm.some((s) => s.verb === 'clean-shutdown' && s.positionals[0]?.name === 'vm'));
  assert.ok(vm.find((s) => s.verb === 'start')?.flags.some((f) => f.name === 'start-paused' && f.kind === 'bool'));
});

test('set: every settable field has a setter or add/remove messages', () => {
  for (const cls of model.classes.values()) {
    for (const f of settableFields(cls)) {
      const any = accessor(cls, 'set_field', f) ?? accessor(cls, 'add_to_map', f) ?? accessor(cls, 'add_to_set', f);
      assert.ok(any !== undefined && model.findMessage(`${any.cls}.${any.name}`) !== undefined, `${cls.name}.${f.name}`);
    }
  }
});

test('default columns and list defaults name real fields', () => {
  for (const [noun, cols] of Object.entries({ ...DEFAULT_COLUMNS, ...HIDDEN_BY_DEFAULT })) {
    const cls = classOfNoun(model, noun);
    assert.ok(cls !== undefined, noun);
    for (const c of cols) assert.ok(findFieldLoose(cls, c) !== undefined, `${noun}: no field ${c}`);
  }
});

test('global options have unique names and short letters', () => {
  const names = GLOBAL_FLAGS.map((f) => f.name);
  const shorts = GLOBAL_FLAGS.flatMap((f) => (f.short === undefined ? [] : [f.short]));
  assert.equal(new Set(names).size, names.length);
  assert.equal(new Set(shorts).size, shorts.length);
});

test('the wire names the CLI relies on are in the model', async () => {
  const { FIELD_NAMES, SEED_CLASSES } = await import('../../src/cli/wire-names.js');
  const classes = [...model.classes.values()];
  for (const f of Object.values(FIELD_NAMES)) assert.ok(classes.some((c) => model.findField(c.name, f) !== undefined), f);
  assert.ok(model.findField('subject', FIELD_NAMES.subjectIdentifier) !== undefined);
  for (const c of Object.values(SEED_CLASSES)) assert.equal(model.findClass(c)?.name, c);
});
