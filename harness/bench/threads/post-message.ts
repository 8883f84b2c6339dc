/**
 * The postMessage contenders of the cross-thread scenarios, bounded like the buffers: a
 * producer has at most `capacity` items in flight. Per item: each number is one message,
 * and the consumer gives credit back every half capacity. In batches: numbers travel in
 * Int32Arrays whose memory is transferred (not copied), and the consumer sends each array
 * back as the credit for it, so `batches` arrays of `batch` numbers circulate. The consumer
 * closes the channel once it has everything (a producer that closed it could lose the last
 * messages on their way).
 */
import type { MessagePort } from 'node:worker_threads';
import { WrongAnswer } from '../../measure/ledger.ts';

/** A promise that `wake` settles, renewed after each wake-up. */
function signal() {
  let wake = () => {};
  const next = () =>
    new Promise<void>((resolve) => {
      wake = resolve;
    });
  return { next, wake: () => wake() };
}

export async function itemProducer(port: MessagePort, items: number, capacity: number): Promise<void> {
  let acknowledged = 0;
  const credit = signal();
  port.on('message', (received: number) => {
    acknowledged = received;
    credit.wake();
  });
  for (let sent = 0; sent < items; ) {
    if (sent - acknowledged >= capacity) await credit.next();
    else port.postMessage(sent++);
  }
}

/** What a consumer says when number `expected` should have come next and `got` came. */
export function outOfOrder(expected: number, got: unknown): WrongAnswer {
  return new WrongAnswer(`wrong order or lost: expected ${expected} next, got ${String(got)}`);
}

export function itemConsumer(port: MessagePort, items: number, capacity: number): Promise<void> {
  const every = Math.max(1, capacity >> 1);
  let received = 0;
  return new Promise((resolve, reject) => {
    port.on('message', (item: number) => {
      if (item !== received) {
        reject(outOfOrder(received, item));
        return;
      }
      received++;
      if (received % every === 0 || received === items) port.postMessage(received);
      if (received === items) {
        port.close();
        resolve();
      }
    });
  });
}

export async function batchProducer(port: MessagePort, items: number, batch: number, batches: number): Promise<void> {
  const free: Int32Array[] = Array.from({ length: batches }, () => new Int32Array(batch));
  const credit = signal();
  port.on('message', (returned: Int32Array) => {
    free.push(returned);
    credit.wake();
  });
  for (let sent = 0; sent < items; ) {
    const view = free.pop();
    if (!view) {
      await credit.next();
      continue;
    }
    const count = Math.min(batch, items - sent);
    for (let i = 0; i < count; i++) view[i] = sent + i;
    sent += count;
    port.postMessage({ view, count }, [view.buffer as ArrayBuffer]);
  }
}

export function batchConsumer(port: MessagePort, items: number): Promise<void> {
  let received = 0;
  return new Promise((resolve, reject) => {
    port.on('message', ({ view, count }: { view: Int32Array; count: number }) => {
      for (let i = 0; i < count; i++, received++) {
        if (view[i] !== received) {
          reject(outOfOrder(received, view[i]));
          return;
        }
      }
      if (received < items) {
        port.postMessage(view, [view.buffer as ArrayBuffer]);
        return;
      }
      port.close();
      resolve();
    });
  });
}
