import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The kata's root folder (where package.json is), wherever the command was started. */
export const KATA_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
