/**
 * A measuring worker thread's entry (see ./threads.ts): `.ts` files load as CommonJS from the
 * compiled modules it was given, as in ./bootstrap.cjs; then `runThread(data, subject)` of the
 * module `main` runs (`subject(exportName)` loads that class from the tree under test, from
 * the file the payload names), and what it returns (`{ result }`), or the name and message of
 * what it threw (`{ error }`), is posted back once.
 */
'use strict';
const Module = require('node:module');
const settleExports = require('./settle-exports.cjs');
const { join } = require('node:path');
const { parentPort, workerData } = require('node:worker_threads');

const { modules, main, treeRoot, subjects, importRule, data } = workerData;

Module._extensions['.ts'] = (module, filename) => {
  const compiled = modules[filename];
  if (compiled === undefined) throw new Error(`${filename} was not compiled for this run`);
  if ('error' in compiled) throw new SyntaxError(compiled.error);
  module._compile(compiled.code, filename);
  settleExports(module.exports);
};
process.setSourceMapsEnabled(true);
require(join(__dirname, '..', '..', 'sandbox', 'import-rule.ts')).guardRequire(Module, importRule, module);

Promise.resolve()
  .then(() => require(main).runThread(data, (exportName) => require(join(treeRoot, subjects[exportName]))[exportName]))
  .then(
    (result) => parentPort.postMessage({ result }),
    (error) => parentPort.postMessage({ error: describe(error) }),
  );

function describe(error) {
  try {
    return { name: String(error?.name ?? 'Error'), message: String(error?.message ?? error) };
  } catch {
    return { name: 'Error', message: 'an error was thrown that could not even be described' };
  }
}
