import { describe } from 'vitest';
import { L3 } from '../../harness/levels.ts';
import { lifecycleL3 } from './lifecycle-l3.ts';
import { MANAGED } from './managed.ts';

describe(L3, () => {
  lifecycleL3(MANAGED);
});
