// A read-only map whose values are built on first access, so loading the model costs only the classes a command
// touches. Iterating values or entries builds everything.

export class LazyMap<V> implements ReadonlyMap<string, V> {
  readonly #keys: readonly string[];
  readonly #known: ReadonlySet<string>;
  readonly #make: (key: string) => V;
  readonly #built = new Map<string, V>();

  constructor(keys: readonly string[], make: (key: string) => V) {
    this.#keys = keys;
    this.#known = new Set(keys);
    this.#make = make;
  }

  get size(): number {
    return this.#keys.length;
  }

  has(key: string): boolean {
    return this.#known.has(key);
  }

  get(key: string): V | undefined {
    let v = this.#built.get(key);
    if (v === undefined && this.#known.has(key)) {
      v = this.#make(key);
      this.#built.set(key, v);
    }
    return v;
  }

  keys(): MapIterator<string> {
    return this.#keys[Symbol.iterator]() as MapIterator<string>;
  }

  *#entries(): Generator<[string, V], undefined, unknown> {
    for (const k of this.#keys) yield [k, this.get(k) as V];
  }

  entries(): MapIterator<[string, V]> {
    return this.#entries() as MapIterator<[string, V]>;
  }

  *#values(): Generator<V, undefined, unknown> {
    for (const k of this.#keys) yield this.get(k) as V;
  }

  values(): MapIterator<V> {
    return this.#values() as MapIterator<V>;
  }

  forEach(fn: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const k of this.#keys) fn(this.get(k) as V, k, this);
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
}
