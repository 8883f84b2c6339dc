/**
 * Turns the export getters of a module compiled by ../compile.ts into plain values, once the
 * module has run: what it exports is then read like any property, not through two getters
 * (see settleableExports there). A getter that throws, or that cannot be redefined, stays.
 */
'use strict';

module.exports = function settleExports(exported) {
  if (exported === null || typeof exported !== 'object') return;
  for (const [name, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(exported))) {
    if (!descriptor.get || descriptor.set || !descriptor.configurable) continue;
    try {
      Object.defineProperty(exported, name, {
        value: descriptor.get.call(exported),
        enumerable: descriptor.enumerable,
        writable: false,
        configurable: false,
      });
    } catch {
      // Not initialised yet (a cycle) or refused: the getter stays.
    }
  }
};
