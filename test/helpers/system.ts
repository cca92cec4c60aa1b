// Tests that need a system program skip when it is missing, except under XENCTL_TEST_STRICT=1 (CI), where they fail.
import { spawnSync } from 'node:child_process';

export function hasProgram(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

/** Returns a skip reason (for `test(name, { skip })`) or false; throws under strict mode. */
export function requireProgram(name: string, debianPackage: string): string | false {
  if (hasProgram(name)) return false;
  const why = `${name} not found: install the Debian package ${debianPackage}`;
  if (process.env['XENCTL_TEST_STRICT'] === '1') throw new Error(`XENCTL_TEST_STRICT=1 and ${why}`);
  return why;
}
