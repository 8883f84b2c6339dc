/**
 * async-mutex with lock hand-offs as scheduling choices, for level L5. The lock is still
 * granted in arrival order, as the real library does, but the caller that got it resumes
 * only when the current schedule's scheduler releases it: so whatever can happen between
 * "the lock is yours" and "your code runs again" (an abort, a timeout, another caller's
 * offer or poll) is explored. Outside a schedule, everything behaves like async-mutex.
 */
import type * as AsyncMutex from 'async-mutex';
import { currentWorld, World } from './world.ts';

type Module = typeof AsyncMutex;

function scheduled<T>(granted: Promise<T>, what: string): Promise<T> {
  const world = currentWorld();
  if (!world) return granted;
  const actor = World.actorName();
  // Only a task that is ready may be handed to the scheduler: it waits for the task it picks.
  return granted.then((value) => {
    world.note(`${what} handed over (requested in ${actor}'s step); its holder resumes when scheduled`);
    return world.scheduler.schedule(Promise.resolve(value), `${what} holder resumes (requested in ${actor}'s step)`);
  });
}

export function scheduledAsyncMutex(real: Module): Module {
  class Mutex extends real.Mutex {
    override acquire(priority?: number): Promise<AsyncMutex.MutexInterface.Releaser> {
      return scheduled(super.acquire(priority), 'lock');
    }
  }
  class Semaphore extends real.Semaphore {
    override acquire(weight?: number, priority?: number): Promise<[number, AsyncMutex.SemaphoreInterface.Releaser]> {
      return scheduled(super.acquire(weight, priority), 'permit');
    }
  }
  return { ...real, Mutex, Semaphore };
}
