import { resetEnvCache } from "~/utils/env.server";

/**
 * Runs `work` with process.env replaced by `env` (the application's modules read the environment
 * themselves, through getEnv()), then puts back the environment as it was: how a test runs an entry
 * point's programme (the CLI, the boot) in process as if it had been started with that environment.
 */
export async function withProcessEnv<T>(env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  replaceProcessEnv(env);
  try {
    return await work();
  } finally {
    replaceProcessEnv(saved);
  }
}

function replaceProcessEnv(env: NodeJS.ProcessEnv) {
  for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name];
  Object.assign(process.env, env);
  resetEnvCache();
}
