import { getEnv } from "~/utils/env.server";
import { bootApplication, shutdownApplication } from "../../server/boot";
import { jobDefinitions } from "../../server/jobs";
import { startupBanner } from "../../server/startup-banner";
import { withProcessEnv } from "./environment";

/**
 * A start of the portal in this process, with `env` as its environment: the server's boot
 * (bootApplication, as server/serve.ts calls it) and the banner it prints once listening, then its
 * shutdown. No HTTP server and no job worker: what is seeded and printed depends on neither. For a
 * start after the first, which a test proves once with the real `npm start` in a child process: a
 * process costs about 3 s of CPU.
 */
export async function bootInProcess(env: NodeJS.ProcessEnv): Promise<string> {
  return withProcessEnv(env, async () => {
    const parsed = getEnv();
    const booted = await bootApplication({ env: parsed, work: false, jobs: jobDefinitions });
    try {
      return startupBanner(`http://localhost:${parsed.PORT}`, booted);
    } finally {
      await shutdownApplication();
    }
  });
}
