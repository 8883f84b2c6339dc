/**
 * A worker thread of the cross-thread transport scenarios (started by ./across-threads.ts),
 * and the role it plays: producer or consumer, on a SharedBoundedBuffer or over postMessage
 * (./post-message.ts). Each role says it is ready, blocks until the gate opens, so that both
 * threads start together and the set-up is not timed, then moves or receives `items`
 * numbers, 0, 1, 2 and so on: with one producer, each consumer checks that the next number is
 * the one it expects, which proves order and that nothing was lost or doubled at a compare
 * per item. A thread is new in every run, so the shared-buffer roles first warm their code up
 * on a private buffer (V8 would otherwise spend much of a run on code it has not optimised
 * yet). A fast wrong answer is not a result.
 */
import { type MessagePort, parentPort } from 'node:worker_threads';
import { type SharedBuffer, sharedBoundedBuffer } from '../../measure/kata-classes.ts';
import { WrongAnswer } from '../../measure/ledger.ts';
import { batchConsumer, batchProducer, itemConsumer, itemProducer, outOfOrder } from './post-message.ts';

/** The gate's words: how many threads are ready, and whether they may go. */
export const READY = 0;
export const GO = 1;

/** A thread's part: what it does with how many items, and what it needs for it. */
export type Role = { readonly items: number } & (
  | { readonly role: 'shared-producer' | 'shared-consumer'; readonly memory: SharedArrayBuffer }
  | { readonly role: 'item-producer' | 'item-consumer'; readonly port: MessagePort; readonly capacity: number }
  | { readonly role: 'batch-producer'; readonly port: MessagePort; readonly batch: number; readonly batches: number }
  | { readonly role: 'batch-consumer'; readonly port: MessagePort }
);

export type RoleData = Role & { readonly gate: SharedArrayBuffer };

/** Puts and takes on a private buffer before the gate opens. */
const WARM_UP = 200_000;

/** `subject(exportName)` loads a class of the tree under test (../../measure/child/thread-bootstrap.cjs). */
export async function runThread(data: RoleData, subject: (exportName: string) => unknown): Promise<void> {
  const shared = data.role.startsWith('shared-') ? attach(data, subject) : undefined;
  const gate = new Int32Array(data.gate);
  Atomics.add(gate, READY, 1);
  parentPort?.postMessage({ ready: true });
  Atomics.wait(gate, GO, 0);
  switch (data.role) {
    case 'shared-producer':
      for (let i = 0; i < data.items; i++) {
        if (!shared?.put(i)) throw new WrongAnswer(`put() returned false on an open buffer (item ${i})`);
      }
      return;
    case 'shared-consumer':
      for (let n = 0; n < data.items; n++) {
        const value = shared?.take();
        if (value !== n) throw outOfOrder(n, value);
      }
      return;
    case 'item-producer':
      return itemProducer(data.port, data.items, data.capacity);
    case 'item-consumer':
      return itemConsumer(data.port, data.items, data.capacity);
    case 'batch-producer':
      return batchProducer(data.port, data.items, data.batch, data.batches);
    case 'batch-consumer':
      return batchConsumer(data.port, data.items);
  }
}

function attach(data: RoleData, subject: (exportName: string) => unknown): SharedBuffer {
  if (!('memory' in data)) throw new TypeError(`${data.role} needs the buffer's memory`);
  const { exportName } = sharedBoundedBuffer;
  const type = subject(exportName);
  const buffer = sharedBoundedBuffer.attach(type, data.memory);
  if (!buffer) throw new Error(`not run: the tree does not export a class named ${exportName}`);
  const own = sharedBoundedBuffer.create(type, 64);
  for (let i = 0; i < WARM_UP; i++) {
    own.put(i);
    const value = own.take();
    if (value !== i) throw outOfOrder(i, value);
  }
  return buffer;
}
