/**
 * The model for phase 1's model-based test: a plain array with a capacity, and one fast-check
 * command per operation. After every command the buffer must look exactly like the model.
 */
import type { BoundedBuffer } from '@target/01-basic-buffer/bounded-buffer.ts';
import fc from 'fast-check';
import { fail } from '../../harness/testing/failures.ts';

export interface Model {
  readonly capacity: number;
  items: unknown[];
}

type Real = BoundedBuffer<unknown>;

const show = (value: unknown) => fc.stringify(value);

function same(what: string, actual: unknown, expected: unknown): void {
  if (!Object.is(actual, expected)) fail(`${what} was ${show(actual)}, expected ${show(expected)}`);
}

/** Compares every observable of `real` with the model. */
function compare(model: Model, real: Real, after: string): void {
  same(`size after ${after}`, real.size, model.items.length);
  same(`isEmpty() after ${after}`, real.isEmpty(), model.items.length === 0);
  same(`isFull() after ${after}`, real.isFull(), model.items.length === model.capacity);
  same(`peek() after ${after}`, real.peek(), model.items[0]);
  const actual = real.toArray();
  if (show(actual) !== show(model.items)) fail(`toArray() after ${after} was ${show(actual)}, expected ${show(model.items)}`);
}

class Offer implements fc.Command<Model, Real> {
  readonly #item: unknown;
  constructor(item: unknown) {
    this.#item = item;
  }
  check = () => true;
  run(model: Model, real: Real): void {
    const expected = model.items.length < model.capacity;
    same(`offer(${show(this.#item)}) at size ${model.items.length}/${model.capacity}`, real.offer(this.#item), expected);
    if (expected) model.items.push(this.#item);
    compare(model, real, this.toString());
  }
  toString = () => `offer(${show(this.#item)})`;
}

class Poll implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real): void {
    same(`poll() at size ${model.items.length}`, real.poll(), model.items.shift());
    compare(model, real, 'poll()');
  }
  toString = () => 'poll()';
}

class Clear implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real): void {
    real.clear();
    model.items = [];
    compare(model, real, 'clear()');
  }
  toString = () => 'clear()';
}

class Iterate implements fc.Command<Model, Real> {
  check = () => true;
  run(model: Model, real: Real): void {
    const seen = [...real];
    if (show(seen) !== show(model.items)) fail(`iterating gave ${show(seen)}, expected ${show(model.items)}`);
    compare(model, real, 'iterating');
  }
  toString = () => '[...buffer]';
}

const items = fc.oneof(fc.integer({ min: -9, max: 99 }), fc.constantFrom<unknown>(0, '', false, null, 'x'));

export const bufferCommands = [
  items.map((item) => new Offer(item)),
  items.map((item) => new Offer(item)),
  fc.constant(new Poll()),
  fc.constant(new Clear()),
  fc.constant(new Iterate()),
];
