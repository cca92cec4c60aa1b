import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getModel } from '../../src/model/index.js';
import { chooseCommand } from '../../src/cli/choose.js';
import type { CommandSpec } from '../../src/cli/spec.js';
import { commandsOf } from '../../src/cli/registry.js';
import { runCli } from '../helpers/cli.js';

const model = getModel();
const spec = (verb: string): CommandSpec => ({ noun: 'vm', verb, summary: verb, positionals: [], flags: [], run: async () => ({ kind: 'none' }) });
const lookup = (m: typeof model, noun: string): CommandSpec[] | undefined =>
  noun === 'vm'
    ? [...(commandsOf(m, 'vm') ?? []).filter((c) => c.verb?.startsWith('profile ') !== true), spec('profile add'), spec('profile list')]
    : commandsOf(m, noun);

test('a two-word verb resolves, its words are skipped', () => {
  const c = chooseCommand(model, ['-o', 'json', 'vm', 'profile', 'add', 'web01', 'x'], lookup);
  assert.ok(!('help' in c));
  assert.equal(c.spec.verb, 'profile add');
  assert.deepEqual([...c.skip], [2, 3, 4]);
});

test('the first word of a two-word verb alone says which words may follow', () => {
  assert.throws(() => chooseCommand(model, ['vm', 'profile'], lookup), /vm profile needs one of: add, list/);
});

test('no words: the top help (exit 2); help vm start: that command', () => {
  const none = chooseCommand(model, []);
  assert.ok('help' in none && none.exit === 2 && /EXIT STATUS/.test(none.help));
  const h = chooseCommand(model, ['help', 'vm', 'start']);
  assert.ok('help' in h && h.exit === 0 && /xenctl vm start <vm>/.test(h.help));
});

/** Each line is a usage error (exit 2) with exactly this stderr. */
async function expectUsageErrors(cases: ReadonlyArray<[string[], string]>): Promise<void> {
  for (const [argv, stderr] of cases) {
    const r = await runCli(argv, { env: { HOME: '/nonexistent' } });
    assert.equal(r.code, 2);
    assert.equal(r.stderr, stderr);
  }
}

test('a field accessor verb the CLI folds into get/set names the get/set line that does it', async () => {
  const cases: Array<[string[], string]> = [
    [['vm', 'set-tags', 'web01'], "xenctl: vm has no verb 'set-tags' (use 'xenctl vm set <vm> tags=VALUE')\n"],
    [['vm', 'add-tags', 'web01'], "xenctl: vm has no verb 'add-tags' (use 'xenctl vm set <vm> tags+=VALUE')\n"],
    [['vm', 'get-power-state', 'web01'], "xenctl: vm has no verb 'get-power-state' (use 'xenctl vm get <vm> power-state')\n"],
    [['network', 'remove-from-other-config', 'n'], "xenctl: network has no verb 'remove-from-other-config' (use 'xenctl network set <network> other-config-=KEY')\n"],
    [['help', 'network', 'add-to-other-config'], "xenctl: network has no verb 'add-to-other-config' (use 'xenctl network set <network> other-config:KEY=VALUE')\n"],
  ];
  await expectUsageErrors(cases);
});

test('a verb from xe, virsh or govc names the verbs that do what it means', async () => {
  const cases: Array<[string[], string]> = [
    [['vm', 'stop', 'web01'], "xenctl: vm has no verb 'stop' (did you mean 'clean-shutdown' or 'hard-shutdown'?)\n"],
    [['vm', 'reboot', 'web01'], "xenctl: vm has no verb 'reboot' (did you mean 'clean-reboot' or 'hard-reboot'?)\n"],
    [['vm', 'param-list', 'web01'], "xenctl: vm has no verb 'param-list' (did you mean 'get'?)\n"],
    [['network', 'delete', 'n'], "xenctl: network has no verb 'delete' (did you mean 'destroy'?)\n"],
    [['host', 'ls'], "xenctl: host has no verb 'ls' (did you mean 'list'?)\n"],
  ];
  await expectUsageErrors(cases);
});

test('help of a noun lists list, get, set, create, destroy first, then the other verbs alphabetically', async () => {
  const r = await runCli(['help', 'network'], { env: { HOME: '/nonexistent' } });
  assert.equal(r.code, 0);
  const verbs = r.stdout.slice(r.stdout.indexOf('VERBS\n') + 6).split('\n\n')[0]?.split('\n').map((l) => l.trim().split(/\s{2,}/)[0] ?? '') ?? [];
  assert.deepEqual(verbs.slice(0, 5), ['list', 'get', 'set', 'create', 'destroy']);
  const rest = verbs.slice(5);
  assert.ok(rest.length > 3);
  assert.deepEqual(rest, [...rest].sort((a, b) => a.localeCompare(b)));
});
