/**
 * How a graded run hands its sandbox to the Vitest child: environment variables, set by the
 * process that spawns the child (see `sandboxEnv`) and read back by vitest.config.ts (see
 * `sandboxFromEnv`), which runs the candidate's copy in workers started with these flags.
 */

/** Environment variables by which the grader hands the sandbox to the Vitest child. */
export const SANDBOX_TREE_ENV = 'KATA_SANDBOX_TREE';
export const SANDBOX_ARGS_ENV = 'KATA_SANDBOX_ARGS';

/** What a child needs to run a sandboxed tree: the copy, the Node flags of its workers and the folder they may write to. */
export interface SandboxSettings {
  readonly tree: string;
  readonly nodeArgs: readonly string[];
  readonly scratch: string;
}

/** The variables to add to the environment of a Vitest child that runs `settings`'s tree. */
export function sandboxEnv(settings: SandboxSettings): Record<string, string> {
  return {
    [SANDBOX_TREE_ENV]: settings.tree,
    [SANDBOX_ARGS_ENV]: JSON.stringify(settings.nodeArgs),
    // Vitest hands transformed modules to its workers through files in the temp folder.
    TMPDIR: settings.scratch,
  };
}

/** In the Vitest child: the sandboxed tree and its workers' Node flags, or no tree and no flags outside a graded run. */
export function sandboxFromEnv(env: NodeJS.ProcessEnv = process.env): { readonly tree?: string; readonly nodeArgs: string[] } {
  const nodeArgs = JSON.parse(env[SANDBOX_ARGS_ENV] ?? '[]') as string[];
  const tree = env[SANDBOX_TREE_ENV];
  return tree === undefined ? { nodeArgs } : { tree, nodeArgs };
}
