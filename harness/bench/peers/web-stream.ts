/**
 * A WHATWG ReadableStream with a CountQueuingStrategy of `capacity`: producers enqueue while
 * the stream's desiredSize is positive; when it is not, they queue up and the stream's own
 * `pull()`, which it calls whenever a read leaves room, lets the longest-waiting one in.
 * Consumers share one reader.
 */
import type { Peer } from './peer.ts';
import { SETTLED } from './peer.ts';

export const webStream: Peer = {
  id: 'web-stream',
  label: 'WHATWG ReadableStream (CountQueuingStrategy)',
  packageName: null,
  async create(capacity) {
    let controller!: ReadableStreamDefaultController<number>;
    const waiting: (() => void)[] = [];
    const stream = new ReadableStream<number>(
      {
        start: (given) => {
          controller = given;
        },
        pull: () => waiting.shift()?.(),
      },
      new CountQueuingStrategy({ highWaterMark: capacity }),
    );
    const reader = stream.getReader();
    return {
      put: (item) => {
        if (waiting.length === 0 && (controller.desiredSize ?? 0) > 0) {
          controller.enqueue(item);
          return SETTLED;
        }
        return new Promise<void>((resolve) => {
          waiting.push(() => {
            controller.enqueue(item);
            resolve();
          });
        });
      },
      take: async () => (await reader.read()).value as number,
    };
  },
};
