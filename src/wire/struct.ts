// Building structs from untrusted member names: a member called `__proto__` becomes an ordinary own property
// instead of replacing the object's prototype.
import type { XenValue } from '../model/types.js';

export function setMember(target: Record<string, XenValue>, name: string, value: XenValue): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[name] = value;
  }
}
