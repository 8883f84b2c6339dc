/** async-channel: `push` resolves once the item is buffered or handed over, `get` once one arrives. */
import type { Peer } from './peer.ts';

export const asyncChannel: Peer = {
  id: 'async-channel',
  label: 'async-channel Channel',
  packageName: 'async-channel',
  async create(capacity) {
    const { Channel } = await import('async-channel');
    const channel = new Channel<number>(capacity);
    // The channel itself is a thenable (it has `then`), so it must never be what an async function returns.
    return { put: (item) => channel.push(item), take: () => channel.get() };
  },
};
