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

  it("refuses weak production configuration and names every variable to set", () => {
    const problems = problemsOf({ NODE_ENV: "production", APP_URL: "http://alumni.example.com" });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^APP_SECRET: .*at least 32/);
    expect(problems[1]).toMatch(/^APP_URL: .*https:\/\//);
    expect(problems[2]).toMatch(/^RESEND_API_KEY: .*ALLOW_OUTBOX_IN_PRODUCTION/);
  });

  it("accepts a complete production configuration", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      APP_URL: "https://alumni.example.com",
      APP_SECRET: "x".repeat(40),
      RESEND_API_KEY: "re_live_key",
      DATABASE_URL: "postgresql://app@db/app",
    });
    expect(env.NODE_ENV).toBe("production");
  });

  it("listens on this machine only outside production unless HOST says otherwise, on every interface in production", () => {
    // A development server holds demo accounts with published passwords.
    expect(parseEnv({}).HOST).toBe("127.0.0.1");
    expect(parseEnv({ NODE_ENV: "test", HOST: "" }).HOST).toBe("127.0.0.1");
    expect(parseEnv({ HOST: "0.0.0.0" }).HOST).toBe("0.0.0.0");
    const production = { NODE_ENV: "production", APP_URL: "https://alumni.example.com", APP_SECRET: "x".repeat(40), RESEND_API_KEY: "re_key" };
    expect(parseEnv(production).HOST).toBe("0.0.0.0");
    expect(parseEnv({ ...production, HOST: "10.0.0.5" }).HOST).toBe("10.0.0.5");
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
