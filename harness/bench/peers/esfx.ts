/** @esfx/async-queue (unbounded) bounded by an @esfx/async-semaphore of `capacity` permits: a put takes a permit, a take gives one back. */
import type { Peer } from './peer.ts';

export const esfx: Peer = {
  id: 'esfx',
  label: '@esfx/async-queue + async-semaphore',
  packageName: '@esfx/async-queue',
  async create(capacity) {
    const [{ AsyncQueue }, { AsyncSemaphore }] = await Promise.all([import('@esfx/async-queue'), import('@esfx/async-semaphore')]);
    const queue = new AsyncQueue<number>();
    const free = new AsyncSemaphore(capacity);
    return {
      put: async (item) => {
        await free.wait();
        queue.put(item);
      },
      take: async () => {
        const item = await queue.get();
        free.release();
        return item;
      },
    };
  },
};
