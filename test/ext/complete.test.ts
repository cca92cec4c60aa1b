// Completion of the extension verbs: `vm profile` offers its words, `vm profile add <vm> ` the suggested values —
// through the backend, and in real shells from the generated scripts (the values hold spaces, which the scripts'
// fixed-choice tables cannot carry: the slot asks `xenctl __complete`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getModel } from '../../src/model/index.js';
import { complete } from '../../src/cli/complete.js';
import { requireProgram } from '../helpers/system.js';
import { homeWithXenctl } from '../helpers/bin.js';

const model = getModel();
const root = fileURLToPath(new URL('../../../', import.meta.url));
const BASH_COMPLETION = '/usr/share/bash-completion/bash_completion';

test('vm profile completes its verbs, then the suggested profile values after the VM', () => {
  assert.deepEqual(complete(model, ['vm', 'profile'], ''), ['add', 'remove', 'list']);
  assert.deepEqual(complete(model, ['vm', 'profile', 'add', 'web01'], ''), ['web server', 'sendmail switch', 'dbms host', 'devel workstation']);
  assert.deepEqual(complete(model, ['vm', 'profile', 'remove', 'web01'], 'd'), ['dbms host', 'devel workstation']);
  assert.deepEqual(complete(model, ['vm', 'profile', 'add'], ''), []);
  assert.ok(complete(model, ['vm', 'migrate', 'db01'], '--').includes('--test'));
  assert.ok(complete(model, ['host', 'qualify'], '--').includes('--vm'));
});

test('bash and fish complete profile values with spaces from the generated scripts', { skip: requireProgram('bash', 'bash') }, (t) => {
  const { home, env } = homeWithXenctl('xenctl-profile-complete-');
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const script = [
    `[ -f ${BASH_COMPLETION} ] && source ${BASH_COMPLETION}`,
    `source ${join(root, 'completions', 'xenctl.bash')}`,
    "COMP_WORDS=(xenctl vm profile add web01 'd')",
    'COMP_CWORD=5',
    "COMP_LINE='xenctl vm profile add web01 d'",
    'COMP_POINT=${#COMP_LINE}',
    '_xenctl xenctl d web01',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const bash = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { env, encoding: 'utf8' });
  assert.equal(bash.stderr, '');
  assert.deepEqual(bash.stdout.split('\n').filter((l) => l !== ''), ['dbms\\ host', 'devel\\ workstation']);
  if (requireProgram('fish', 'fish') !== false) return;
  const fish = spawnSync('fish', ['--no-config', '-c', `source ${join(root, 'completions', 'xenctl.fish')}; complete -C 'xenctl vm profile remove db01 '`], { env, encoding: 'utf8' });
  assert.equal(fish.stderr, '');
  assert.deepEqual(fish.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t')[0]).sort(), ['dbms host', 'devel workstation', 'sendmail switch', 'web server']);
});

test('the backend also offers profile values in use on the VMs (a custom one included)', (t) => {
  const { home, env } = homeWithXenctl('xenctl-profile-live-');
  t.after(() => rmSync(home, { recursive: true, force: true }));
  const xenctl = (...args: string[]) => spawnSync(process.execPath, [join(root, 'bin', 'xenctl'), ...args], { env, encoding: 'utf8' });
  assert.equal(xenctl('-q', 'vm', 'profile', 'add', 'test01', 'batch runner').status, 0);
  assert.equal(xenctl('__complete', 'vm', 'profile', 'add', 'web01', 'b').stdout, 'batch runner\n');
  const all = xenctl('__complete', 'vm', 'profile', 'remove', 'web01', '').stdout.trim().split('\n');
  assert.deepEqual(all, ['web server', 'sendmail switch', 'dbms host', 'devel workstation', 'batch runner']);
});
