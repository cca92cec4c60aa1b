// known_hosts matching and ~/.ssh/config resolution, on real files in a temp HOME (keys made by ssh-keygen).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint, hostMatches, judgeHostKey, knownHostName, knownKeysFor, recordHostKey } from '../../src/transport/ssh/known-hosts.js';
import { parseHop, resolveSshTarget } from '../../src/transport/ssh/config.js';
import { requireProgram } from '../helpers/system.js';
import { makeKey } from '../helpers/sshd.js';

const skip = requireProgram('ssh-keygen', 'openssh-client');

function blobOf(pubLine: string): Buffer {
  return Buffer.from(pubLine.split(/\s+/)[1] ?? '', 'base64');
}

test('known_hosts: plain, wildcard, negated, [host]:port, hashed, @revoked and @cert-authority lines', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'xenctl-kh-'));
  try {
    const a = makeKey(join(dir, 'a')).split(' ').slice(0, 2).join(' ');
    const b = makeKey(join(dir, 'b')).split(' ').slice(0, 2).join(' ');
    const file = join(dir, 'known_hosts');
    writeFileSync(file, [
      '# comment', '', `pool1,10.0.0.1 ${a}`, `*.lab.example,!bad.lab.example ${a}`, `[pool2]:2222 ${a}`,
      `@revoked pool3 ${b}`, `@cert-authority * ${b}`, `hashed.example ${a}`, '',
    ].join('\n'));
    assert.equal(spawnSync('ssh-keygen', ['-H', '-f', file]).status, 0);
    const fileText = readFileSync(file, 'utf8');
    assert.doesNotMatch(fileText, /hashed\.example/, 'ssh-keygen -H hashed the names');
    const judge = async (name: string, key: string): Promise<string> => judgeHostKey(await knownKeysFor([file, join(dir, 'missing')], name), blobOf(key)).kind;
    assert.equal(await judge('pool1', a), 'known');
    assert.equal(await judge('10.0.0.1', a), 'known');
    assert.equal(await judge('POOL1', a), 'known', 'host names are case-insensitive');
    assert.equal(await judge('pool1', b), 'changed');
    assert.equal(await judge('x.lab.example', a), 'known');
    assert.equal(await judge('bad.lab.example', a), 'unknown');
    assert.equal(await judge(knownHostName('pool2', 2222), a), 'known');
    assert.equal(await judge(knownHostName('pool2', 22), a), 'unknown');
    assert.equal(await judge('pool3', b), 'revoked');
    assert.equal(await judge('hashed.example', a), 'known');
    assert.equal(await judge('other.example', b), 'unknown', '@cert-authority lines are not host keys');

    const changed = judgeHostKey(await knownKeysFor([file], 'pool1'), blobOf(b));
    assert.ok(changed.kind === 'changed' && changed.known[0] !== undefined && fingerprint(changed.known[0].blob) === fingerprint(blobOf(a)));
    assert.equal(hostMatches('a,b,c', 'b'), true);
    assert.equal(hostMatches('*,!c', 'c'), false);

    const fresh = join(dir, 'new', '.ssh', 'known_hosts');
    await recordHostKey(fresh, '[h]:2200', blobOf(a));
    await recordHostKey(fresh, 'h2', blobOf(b));
    assert.equal(readFileSync(fresh, 'utf8'), `[h]:2200 ${a}\nh2 ${b}\n`);
    // HashKnownHosts: the name is not readable in the file, yet it is found (by us and by ssh-keygen -F).
    await recordHostKey(fresh, '[Secret.Example]:2222', blobOf(b), true);
    const last = readFileSync(fresh, 'utf8').trim().split('\n').pop() ?? '';
    assert.match(last, /^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
    assert.ok(!last.toLowerCase().includes('secret'));
    assert.equal(judgeHostKey(await knownKeysFor([fresh], '[secret.example]:2222'), blobOf(b)).kind, 'known');
    assert.equal(spawnSync('ssh-keygen', ['-F', '[secret.example]:2222', '-f', fresh], { encoding: 'utf8' }).status, 0);
    // ssh-keygen agrees on the fingerprint format.
    const fp = spawnSync('ssh-keygen', ['-lf', `${join(dir, 'a')}.pub`], { encoding: 'utf8' }).stdout.split(' ')[1];
    assert.equal(fingerprint(blobOf(a)), fp);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('~/.ssh/config: URL user/port win, HostName, tokens in IdentityFile, UserKnownHostsFile, ProxyJump lists', async () => {
  const home = mkdtempSync(join(tmpdir(), 'xenctl-sshcfg-'));
  try {
    mkdirSync(join(home, '.ssh'));
    writeFileSync(join(home, '.ssh', 'config'), [
      'Host pool*', '  HostName %h.example.net', '  User admin', '  Port 2201', '  IdentityFile ~/.ssh/id_%r_%h',
      '  ProxyJump jump1,ops@jump2:2022', '  UserKnownHostsFile ~/.ssh/kh1 ~/.ssh/kh2', '  HashKnownHosts no',
      'Host *', '  User fallback', '  HashKnownHosts yes', '',
    ].join('\n'));
    const env = { HOME: home };
    const t = await resolveSshTarget({ alias: 'pool7' }, env);
    assert.equal(t.host, 'pool7.example.net');
    assert.equal(t.port, 2201);
    assert.equal(t.user, 'admin');
    assert.deepEqual(t.identityFiles, [join(home, '.ssh', 'id_admin_pool7.example.net')]);
    assert.deepEqual(t.jumps, [{ alias: 'jump1' }, { alias: 'jump2', user: 'ops', port: 2022 }]);
    assert.deepEqual(t.knownHostsFiles.slice(0, 2), [join(home, '.ssh', 'kh1'), join(home, '.ssh', 'kh2')]);
    assert.equal(t.hashKnownHosts, false);
    const explicit = await resolveSshTarget({ alias: 'pool7', user: 'me', port: 22 }, env);
    assert.equal(explicit.user, 'me');
    assert.equal(explicit.port, 22);
    const other = await resolveSshTarget({ alias: 'web' }, env);
    assert.equal(other.host, 'web');
    assert.equal(other.user, 'fallback');
    assert.deepEqual(other.jumps, []);
    assert.equal(other.hashKnownHosts, true);
    assert.deepEqual(parseHop('ssh://u@[::1]:2200'), { alias: '::1', user: 'u', port: 2200 });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
