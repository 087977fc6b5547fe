import { afterAll } from "vitest";
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

/**
 * Sets `name` for the rest of the test file, now (at the file's top, before the app it starts has
 * read its environment: useHttpApp({ freshBuild: true }) gives the file an app that has not), and
 * puts back the value it had once the file is done, as files share worker processes.
 */
export function setEnvForThisFile(name: string, value: string): void {
  const saved = process.env[name];
  process.env[name] = value;
  afterAll(() => {
    if (saved === undefined) delete process.env[name];
    else process.env[name] = saved;
  });
}

/** A Standard Webhooks signing secret (`whsec_` and base64) made from a label, for RESEND_WEBHOOK_SECRET. */
export function webhookSecretFrom(label: string): string {
  return `whsec_${Buffer.from(label).toString("base64")}`;
}
