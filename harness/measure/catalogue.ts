/**
 * A catalogue: the scenarios of one front-end (`grade`'s, ./grade-scenarios.ts; `bench`'s,
 * ../bench/catalog.ts), found by name. The child loads the catalogue's module to find the
 * scenarios it was told to run, so that module, and everything it imports, runs in the child
 * too: it must stay inside the folders compiled for it (./measure-tree.ts, CHILD_DIRS, plus
 * the catalogue's own folder), and must not use `import.meta` (the child runs CommonJS).
 */
import type { AnyScenario } from './scenario.ts';

/** How the parent names a catalogue to the child. */
export interface Catalogue {
  /** Absolute path of the module that exports `scenarioNamed`, for the child to load. */
  readonly module: string;
  /** The same function, for the parent to check names with and to read scenarios. */
  readonly scenarioNamed: (name: string) => AnyScenario;
}

/** The `scenarioNamed` of a catalogue module: `what` names the catalogue in the error for a name it lacks. */
export function lookup<S extends AnyScenario>(scenarios: readonly S[], what: string): (name: string) => S {
  const byName = new Map(scenarios.map((scenario) => [scenario.name, scenario]));
  return (name) => {
    const found = byName.get(name);
    if (!found) throw new RangeError(`no ${what} scenario is named ${name}; there are ${[...byName.keys()].join(', ')}`);
    return found;
  };
}
