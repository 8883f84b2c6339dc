/**
 * `npm run manifest`: writes kata-manifest.json from the kata's own files as they are now
 * (harness/integrity/manifest.ts). Run it after changing tests/, harness/, solutions/ or the
 * configuration on purpose, and commit the manifest with the change: every command that runs
 * tests or grades refuses to run on files that differ from it, and so does `npm test`.
 */
import { checkKata, MANIFEST_FILE, writeManifest } from '../integrity/manifest.ts';

const before = checkKata();
const count = writeManifest();
const differed = before.changed.length + before.appeared.length + before.disappeared.length;
const what = before.problem ? ` (${before.problem} before)` : differed > 0 ? ` (${differed} differed from the last one)` : ' (unchanged)';
console.log(`Wrote ${MANIFEST_FILE}: ${count} files${what}. Commit it with the files it covers.`);
