import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";
import { forgetPreparedIssues } from "~/modules/newsletter/send-batch.server";
import { resetEnvCache } from "~/utils/env.server";
import { startFakeResend, type FakeResend } from "../fakes/resend";

/**
 * A fake Resend for the file, with the environment pointing the real SDK at it: RESEND_API_KEY,
 * RESEND_BASE_URL and `env` (e.g. RESEND_RATE_LIMIT_PER_SECOND) set before each test and put back
 * after it; the fake is reset before each test.
 */
export function useNewsletterFake(env: Record<string, string> = {}) {
  let fake: FakeResend | undefined;
  let saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    fake = await startFakeResend();
  });
  beforeEach(() => {
    fake!.reset();
    const wanted = { RESEND_API_KEY: fake!.apiKey, RESEND_BASE_URL: fake!.url, ...env };
    saved = Object.fromEntries(Object.keys(wanted).map((name) => [name, process.env[name]]));
    Object.assign(process.env, wanted);
    resetEnvCache();
    forgetPreparedIssues();
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    resetEnvCache();
  });
  afterAll(async () => {
    await fake?.close();
  });
  return {
    get fake(): FakeResend {
      if (!fake) throw new Error("useNewsletterFake(): the fake exists only once the tests run");
      return fake;
    },
    /** Sets an environment variable for the rest of this test (put back after it). */
    setEnv(name: string, value: string | undefined) {
      if (!(name in saved)) saved[name] = process.env[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
      resetEnvCache();
    },
  };
}
