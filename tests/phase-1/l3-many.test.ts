import { BoundedBuffer } from '@target/01-basic-buffer/bounded-buffer.ts';
import { describe, expect, it } from 'vitest';
import { Ledger, type Tagged, tagged } from '../../harness/engine/ledger.ts';
import { L3 } from '../../harness/levels.ts';
import { fail } from '../../harness/testing/failures.ts';
import { seededRandom } from '../../harness/testing/seed.ts';

describe(L3, () => {
  describe('BoundedBuffer', () => {
    it('four producers into one consumer: each producer in order, nothing lost or duplicated', () => {
      const random = seededRandom();
      const buffer = new BoundedBuffer<Tagged>(3);
      const ledger = new Ledger({ synchronous: true });
      const producers = ['p1', 'p2', 'p3', 'p4'];
      const sent = new Map(producers.map((name) => [name, 0]));
      for (let step = 0; step < 40_000; step++) {
        const actor = random.next(producers.length + 2);
        if (actor < producers.length) {
          const name = producers[actor] as string;
          const item = tagged(name, sent.get(name) ?? 0);
          if (buffer.offer(item)) {
            ledger.put(item);
            sent.set(name, item.seq + 1);
          } else if (!buffer.isFull()) {
            fail(`step ${step}: ${name}'s offer returned false, but isFull() says there is room (size ${buffer.size})`);
          }
        } else {
          const item = buffer.poll();
          if (item !== undefined) ledger.take('c1', item);
        }
      }
      ledger.check(buffer.toArray());
      expect(ledger.takenCount, 'items the consumer received').toBeGreaterThan(1000);
    });

    it('one producer into three consumers: every item reaches exactly one consumer, in order', () => {
      const random = seededRandom();
      const buffer = new BoundedBuffer<Tagged>(4);
      const ledger = new Ledger({ synchronous: true });
      const received = new Map<string, number[]>([
        ['c1', []],
        ['c2', []],
        ['c3', []],
      ]);
      let next = 0;
      for (let step = 0; step < 40_000; step++) {
        const actor = random.next(5);
        if (actor < 2) {
          const item = tagged('p1', next);
          if (buffer.offer(item)) {
            ledger.put(item);
            next++;
          }
        } else {
          const consumer = `c${actor - 1}`;
          const item = buffer.poll();
          if (item === undefined) continue;
          ledger.take(consumer, item);
          const mine = received.get(consumer) as number[];
          const previous = mine.at(-1);
          if (previous !== undefined && item.seq <= previous) {
            fail(`${consumer} received p1#${item.seq} after p1#${previous}: items must come out in the order they went in`);
          }
          mine.push(item.seq);
        }
      }
      ledger.check(buffer.toArray());
      for (const [consumer, items] of received) expect(items.length, `items ${consumer} received`).toBeGreaterThan(100);
    });
  });
});
