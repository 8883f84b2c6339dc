/** ManagedBuffer, the kind phase 3 runs the lifecycle suites on (./lifecycle.ts). */
import { ManagedBuffer } from '@target/03-strategies-and-shutdown/managed-buffer.ts';
import type { LifecycleKind } from './lifecycle.ts';

export const MANAGED: LifecycleKind = {
  name: 'ManagedBuffer',
  label: 'ManagedBuffer',
  create<T>(options: { readonly capacity: number; readonly strategy?: 'fifo' | 'lifo' | 'priority' }) {
    return new ManagedBuffer<T>(options);
  },
  shown: (options) => `new ManagedBuffer({ ${options} })`,
};
