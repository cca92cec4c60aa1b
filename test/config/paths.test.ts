import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/errors.js';
import { xenctlPaths } from '../../src/config/paths.js';

test('XDG variables win; HOME gives the fallbacks', () => {
  const p = xenctlPaths({ HOME: '/home/u', XDG_CONFIG_HOME: '/cfg', XDG_DATA_HOME: '/data' });
  assert.equal(p.configFile, '/cfg/xenctl/config.yaml');
  assert.equal(p.knownTlsFile, '/cfg/xenctl/known_tls');
  assert.equal(p.localStateDir, '/data/xenctl/local');
  const q = xenctlPaths({ HOME: '/home/u', XDG_CONFIG_HOME: 'relative/ignored' });
  assert.equal(q.configDir, '/home/u/.config/xenctl');
  assert.equal(q.dataDir, '/home/u/.local/share/xenctl');
  assert.equal(q.serverStateDir, '/home/u/.local/share/xenctl/server');
});

test('no HOME and no XDG variables is a ConfigError', () => {
  assert.throws(() => xenctlPaths({}), ConfigError);
});
