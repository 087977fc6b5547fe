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

/**
 * What production insists on (app/utils/env.server.ts), with values that pass its checks: for the
 * tests that run the portal with production's settings. The embedded database is asked for by name,
 * and mail stays in the outbox (without its one-time links).
 */
export const PRODUCTION_SETTINGS: Record<string, string> = {
  NODE_ENV: "production",
  APP_URL: "https://alumni.example.com",
  APP_SECRET: "6f1d2c9a8b7e4f30a5c6d7e8f9012345aa55cc77",
  ALLOW_OUTBOX_IN_PRODUCTION: "true",
  ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: "true",
  LOG_LEVEL: "silent",
};
