// Child process for the crash test: opens a store and writes from several concurrent loops, printing each write
// once sync() has acknowledged it, until it is killed.
import { openStore } from '../../src/server/store/open.js';

const dir = process.argv[2] ?? '';
const loops = Number(process.argv[3] ?? '4');
const store = await openStore(dir, { pid: process.pid });
process.stdout.write('ready\n');

async function loop(id: number): Promise<void> {
  const counterRef = `OpaqueRef:counter-${id}`;
  if (!store.has('xenctl_counter', counterRef)) store.create('xenctl_counter', counterRef, { n: 0n });
  for (let i = 1; ; i += 1) {
    const ref = `OpaqueRef:w${id}-${i}`;
    store.create('xenctl_item', ref, { uuid: `u-${id}-${i}`, payload: 'x'.repeat(i % 300), n: BigInt(i) });
    store.update('xenctl_counter', counterRef, { n: BigInt(i) });
    await store.sync();
    process.stdout.write(`ack ${id} ${i}\n`);
  }
}

await Promise.all(Array.from({ length: loops }, (_, id) => loop(id)));
