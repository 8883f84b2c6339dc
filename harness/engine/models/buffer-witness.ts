/**
 * How the buffer model (./buffer.ts) helps the oracle shrink a witness
 * (../linearizability.ts): the items each operation mentions, and which groups of
 * operations may be left out because the rest can only become more legal without them.
 */
import type { HistoryOp } from '../history.ts';
import { isolated } from '../linearizability.ts';
import type { BufferCall, BufferResult, OverflowPolicy } from './buffer.ts';
import { FULL } from './error-names.ts';

/** The items an operation put, took, drained or saw dropped. */
export function mentionedItems(op: HistoryOp): readonly string[] {
  const call = op.input as BufferCall | undefined;
  const result = op.output as BufferResult | undefined;
  if (call === undefined) return [];
  const items: string[] = [];
  if ('item' in call) items.push(call.item);
  if (typeof result?.value === 'string') items.push(result.value);
  if (Array.isArray(result?.value)) items.push(...(result.value as readonly string[]));
  items.push(...(result?.dropped ?? []));
  return items;
}

/** Whether leaving `group` out of a witness, which leaves `rest`, can only make the rest more legal. */
export function removableGroup(policy: OverflowPolicy, group: readonly HistoryOp[], rest: readonly HistoryOp[]): boolean {
  // A close changes what every later refusal means; a pending take took some item, unknown.
  const stays = (op: HistoryOp) => {
    const call = (op.input as BufferCall | undefined)?.op;
    return call === 'close' || call === 'closeNow' || ((call === 'take' || call === 'poll') && op.respondedAt === undefined);
  };
  if (group.some(stays)) return false;
  if (group.every(changesNothing)) return true;
  // Fewer items only make room and empty the buffer sooner, unless an outcome says "full" or a policy chooses among them.
  if (policy === 'block' && !rest.some(saysFull)) return true;
  // Otherwise only a block that is over before the rest and leaves the buffer as it found it.
  if (group.some((op) => op.respondedAt === undefined) || !isolated(group, rest)) return false;
  const removed = new Set(group.flatMap(removedBy));
  return group.every((op) => addedBy(op).every((item) => removed.has(item)));
}

/** An operation that returned having changed nothing: it gave up, or found nothing (or no room). */
function changesNothing(op: HistoryOp): boolean {
  const call = op.input as BufferCall | undefined;
  const result = op.output as BufferResult | undefined;
  if (op.respondedAt === undefined) return false;
  if (call === undefined) return true;
  if (result?.error !== undefined) return (result.dropped ?? []).length === 0;
  return (call.op === 'poll' && result?.value === undefined) || (call.op === 'offer' && result?.value === false && !result.dropped?.length);
}

/** An outcome that says the buffer was full then: fewer items would make it illegal. */
function saysFull(op: HistoryOp): boolean {
  const call = op.input as BufferCall | undefined;
  const result = op.output as BufferResult | undefined;
  return result?.error === FULL || (call?.op === 'offer' && result?.value === false);
}

function addedBy(op: HistoryOp): string[] {
  const call = op.input as BufferCall | undefined;
  if ((call?.op !== 'put' && call?.op !== 'offer') || changesNothing(op)) return [];
  return [call.item];
}

function removedBy(op: HistoryOp): string[] {
  const call = op.input as BufferCall | undefined;
  const result = op.output as BufferResult | undefined;
  const removed = [...(result?.dropped ?? [])];
  if (call?.op === 'dropped') removed.push(call.item);
  if (result?.error === undefined && typeof result?.value === 'string') removed.push(result.value);
  if (result?.error === undefined && Array.isArray(result?.value)) removed.push(...(result.value as readonly string[]));
  return removed;
}
