/**
 * @repeaterjs/repeater with a FixedBuffer: producers call the executor's `push`, which resolves
 * once the buffer has room; consumers call `next()`. A repeater starts its executor at the first
 * `next()`, so puts made before that wait for it.
 */
import type { Peer } from './peer.ts';

type Push = (item: number) => Promise<unknown>;

export const repeater: Peer = {
  id: 'repeater',
  label: '@repeaterjs/repeater FixedBuffer',
  packageName: '@repeaterjs/repeater',
  async create(capacity) {
    const { FixedBuffer, Repeater } = await import('@repeaterjs/repeater');
    let push: Push | undefined;
    let started!: () => void;
    const ready = new Promise<void>((resolve) => {
      started = resolve;
    });
    const items = new Repeater<number>((executorPush) => {
      push = executorPush;
      started();
    }, new FixedBuffer(capacity));
    return {
      put: (item) => (push ? push(item) : ready.then(() => (push as Push)(item))),
      take: async () => (await items.next()).value,
    };
  },
};
