// The committed completions and man page are what the specs give today (regenerate: npm run gen:docs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getModel } from '../../src/model/index.js';
import { generatedDocs, MAN_FILE } from '../../src/docs/index.js';
import { allNouns, commandsOf } from '../../src/cli/registry.js';
import { GLOBAL_FLAGS } from '../../src/cli/globals.js';
import { esc } from '../../src/docs/roff.js';
import { requireProgram } from '../helpers/system.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string; man?: unknown };

test('completions/* and man/xenctl.1 are fresh (npm run gen:docs)', () => {
  const docs = generatedDocs(getModel(), pkg.version);
  assert.equal(docs.size, 4);
  for (const [name, text] of docs) {
    assert.equal(readFileSync(`${root}${name}`, 'utf8'), text, `${name} is stale: run npm run gen:docs`);
  }
});

// npm 11 links man pages on a global install only when `man` is an array (a plain string is not linked).
test("package.json's man field points at the generated page", () => {
  assert.deepEqual(pkg.man, [MAN_FILE]);
});

test('xenctl completion SHELL prints the committed script', () => {
  for (const [shell, file] of [['bash', 'completions/xenctl.bash'], ['zsh', 'completions/_xenctl'], ['fish', 'completions/xenctl.fish']] as const) {
    const r = spawnSync(process.execPath, [`${root}bin/xenctl`, 'completion', shell], { encoding: 'utf8', maxBuffer: 1 << 24 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, readFileSync(`${root}${file}`, 'utf8'));
  }
  const bad = spawnSync(process.execPath, [`${root}bin/xenctl`, 'completion', 'tcsh'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /bash, zsh, fish/);
});

test('the man page has every section and every command', () => {
  const page = readFileSync(`${root}${MAN_FILE}`, 'utf8');
  for (const section of ['NAME', 'SYNOPSIS', 'DESCRIPTION', 'GLOBAL OPTIONS', 'COMMANDS', 'CONNECTION URLS', 'OUTPUT FORMATS', 'EXIT STATUS', 'ENVIRONMENT', 'FILES', 'EXAMPLES']) {
    assert.match(page, new RegExp(`^\\.SH ${section}$`, 'm'), section);
  }
  assert.match(page, /^\.TP\n\\fBvm clean\\-shutdown <vm>/m);
  assert.match(page, /^\.TP\n\\fBcompletion <shell>/m);
  assert.match(page, /^\.SS serve$/m);
  assert.doesNotMatch(page, /__complete/);
  // Every visible command of every noun, each with all its options, and every global option.
  let commands = 0;
  for (const noun of allNouns(getModel()).filter((n) => !n.startsWith('__') && n !== 'help')) {
    for (const spec of (commandsOf(getModel(), noun) ?? []).filter((s) => s.hidden !== true)) {
      const head = esc(spec.verb === undefined ? noun : `${noun} ${spec.verb}`);
      const at = [' ', '\\fR'].map((end) => page.indexOf(`.TP\n\\fB${head}${end}`)).filter((i) => i >= 0).sort((a, b) => a - b)[0] ?? -1;
      assert.ok(at >= 0, `${noun} ${spec.verb ?? ''} is in the man page`);
      const next = /\n\.(TP\n\\fB(?!\\-)|SS )/g;
      next.lastIndex = at + 4;
      const entry = page.slice(at, next.exec(page)?.index);
      for (const f of spec.flags) assert.ok(entry.includes(`\\fB${esc(`--${f.name}`)}\\fR`), `${head}: --${f.name}`);
      commands++;
    }
  }
  assert.ok(commands > 800, `${commands} commands`);
  for (const f of GLOBAL_FLAGS) assert.ok(page.includes(`\\fB${esc(`--${f.name}`)}\\fR`), `--${f.name}`);
  // Every line that is not a request is escaped: no bare hyphen, no leading dot or quote from the text.
  for (const line of page.split('\n')) if (!line.startsWith('.')) assert.doesNotMatch(line, /(^|[^\\])-/, line);
});

test('man renders the page without warnings', { skip: requireProgram('man', 'man-db') }, () => {
  const r = spawnSync('man', ['--warnings', '-l', `${root}${MAN_FILE}`], { encoding: 'utf8', env: { ...process.env, MANWIDTH: '100', MANPAGER: 'cat', PAGER: 'cat' }, maxBuffer: 1 << 25 });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.match(r.stdout, /CONNECTION URLS/);
});

test('groff -ww finds nothing to warn about', { skip: requireProgram('groff', 'groff-base') }, () => {
  const r = spawnSync('groff', ['-ww', '-man', '-z', `${root}${MAN_FILE}`], { encoding: 'utf8' });
  assert.equal(r.status, 0);
  assert.equal(r.stderr, '');
});
