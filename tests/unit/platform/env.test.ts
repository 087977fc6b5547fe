import { InvalidEnvironmentError, parseEnv } from "~/utils/env.server";

function problemsOf(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    if (error instanceof InvalidEnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe("environment parsing", () => {
  it("runs the demo with no variables at all", () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ NODE_ENV: "development", PORT: 3000, DATA_DIR: "./.data", RUN_WORKER: true });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("treats empty strings as unset, as .env files write them", () => {
    expect(parseEnv({ DATABASE_URL: "", PORT: "" }).DATABASE_URL).toBeUndefined();
  });

  it("explains a DATABASE_URL that is not a postgres URL and how to fall back", () => {
    expect(problemsOf({ DATABASE_URL: "mysql://localhost/db" })).toEqual([
      "DATABASE_URL: DATABASE_URL is not a postgres:// URL; unset it to use the embedded database",
    ]);
  });

  /** A production configuration that passes every check. */
  const PRODUCTION = {
    NODE_ENV: "production",
    APP_URL: "https://alumni.example.com",
    APP_SECRET: "3f9a61c0d7e24b8895f1a0c3e6d2b74f9e8a1c5d",
    RESEND_API_KEY: "re_Rk82mQpT_4hV9sLx2NcW7yBfJ3dZ6uAe",
    EMAIL_FROM: "Alumni <alumni@acme-corp.com>",
    DATABASE_URL: "postgresql://app@db/app",
  };

  it("refuses weak production configuration and names every variable to set", () => {
    const problems = problemsOf({ NODE_ENV: "production", APP_URL: "http://alumni.example.com" });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^APP_SECRET: .*at least 32/);
    expect(problems[1]).toMatch(/^APP_URL: .*https:\/\//);
    expect(problems[2]).toMatch(/^RESEND_API_KEY: .*ALLOW_OUTBOX_IN_PRODUCTION/);
    expect(problems[3]).toMatch(/^DATABASE_URL: .*ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION=true/);
  });

  it("accepts a complete production configuration", () => {
    expect(parseEnv(PRODUCTION).NODE_ENV).toBe("production");
    // And the embedded database or the outbox, when asked for by name.
    const { DATABASE_URL: _url, RESEND_API_KEY: _key, ...withoutThem } = PRODUCTION;
    expect(parseEnv({ ...withoutThem, ALLOW_EMBEDDED_DATABASE_IN_PRODUCTION: "true", ALLOW_OUTBOX_IN_PRODUCTION: "true" }).DATABASE_URL).toBeUndefined();
  });

  it("refuses in production a secret that is the development value, a placeholder or one character repeated", () => {
    for (const secret of ["development-secret-not-for-production-use", "change-me-to-a-long-random-string-0123456789", "x".repeat(40), "abababababababababababababababababab", "<your-app-secret-of-32-characters-or-more>"]) {
      expect(problemsOf({ ...PRODUCTION, APP_SECRET: secret }), secret).toEqual([
        "APP_SECRET: APP_SECRET looks like a placeholder or the development value, not a random secret: generate one (openssl rand -hex 32)",
      ]);
    }
    // Outside production the demo runs with whatever is set.
    expect(parseEnv({ APP_SECRET: "x".repeat(40) }).APP_SECRET).toBe("x".repeat(40));
  });

  it("refuses in production an email set-up that would fail or leak: a placeholder key, the demo sender, an http provider, a made-up webhook secret", () => {
    expect(problemsOf({ ...PRODUCTION, RESEND_API_KEY: "re_..." })).toEqual(["RESEND_API_KEY: RESEND_API_KEY looks like a placeholder: paste the API key Resend shows (re_…)"]);
    expect(problemsOf({ ...PRODUCTION, EMAIL_FROM: "" })[0]).toMatch(/^EMAIL_FROM: .*verified at Resend/);
    expect(problemsOf({ ...PRODUCTION, RESEND_BASE_URL: "http://mail-relay.internal" })[0]).toMatch(/^RESEND_BASE_URL: .*https:\/\//);
    // A relay on this machine may speak http: nothing crosses the network.
    expect(problemsOf({ ...PRODUCTION, RESEND_BASE_URL: "http://127.0.0.1:8025" })).toEqual([]);
    expect(problemsOf({ ...PRODUCTION, RESEND_WEBHOOK_SECRET: "whsec_changeme" })[0]).toMatch(/^RESEND_WEBHOOK_SECRET: .*too short/);
    // Resend's own shape passes: whsec_ and 24 random bytes in base64.
    expect(problemsOf({ ...PRODUCTION, RESEND_WEBHOOK_SECRET: `whsec_${Buffer.alloc(24, 7).toString("base64")}` })).toEqual([]);
  });

  it("rejects a port outside the TCP range", () => {
    expect(problemsOf({ PORT: "70000" })[0]).toMatch(/^PORT:/);
  });

  it("reads boolean switches written as true/false or 1/0", () => {
    expect(parseEnv({ RUN_WORKER: "0" }).RUN_WORKER).toBe(false);
    expect(parseEnv({ RUN_WORKER: "true" }).RUN_WORKER).toBe(true);
    expect(problemsOf({ RUN_WORKER: "maybe" })[0]).toMatch(/^RUN_WORKER:/);
  });
});
