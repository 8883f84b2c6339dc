/**
 * The measuring child's entry. Everything it runs arrives compiled on stdin (see ../compile.ts):
 * Node 20's module hooks run in a worker thread and esbuild in a child process, and Node's
 * permission model, which the grader turns on, forbids both. So `.ts` files load as
 * CommonJS from that payload, in this thread; the disk is only read to resolve paths and
 * packages (`NODE_PATH` points at the kata's node_modules), and what the tree's files may
 * require is what the phase suites let them import (../../sandbox/import-rule.ts).
 *
 * Report lines go to fd 3 and carry a token that only this closure knows, so the code
 * under test cannot forge a result by writing to the same pipe.
 */
'use strict';
const { readFileSync, writeSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');
const settleExports = require('./settle-exports.cjs');

const stringify = JSON.stringify;
const exit = process.exit.bind(process);
const payload = JSON.parse(readFileSync(0, 'utf8'));
const token = payload.token;

function send(message) {
  try {
    writeSync(3, `${stringify({ ...message, token })}\n`);
  } catch {
    exit(70);
  }
}

Module._extensions['.ts'] = (module, filename) => {
  const compiled = payload.modules[filename];
  if (compiled === undefined) throw new Error(`${filename} was not compiled for this run`);
  if ('error' in compiled) throw new SyntaxError(compiled.error);
  module._compile(compiled.code, filename);
  settleExports(module.exports);
};
process.setSourceMapsEnabled(true);
// The tree's files may require what the phase suites let them import, nothing more (../../sandbox/import-rule.ts).
require(join(payload.harness, 'sandbox', 'import-rule.ts')).guardRequire(Module, payload.importRule, module);

require(payload.main)
  .runChild({ payload, load: (path) => require(path), send, exit })
  .then(
    () => exit(0),
    (error) => {
      send({ type: 'fatal', error: String(error?.stack ?? error) });
      exit(1);
    },
  );
