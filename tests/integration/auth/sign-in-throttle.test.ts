import { action } from "~/routes/login._index";
import enAuth from "~/locales/en/auth.json";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, testContext } from "../../support/remix";
import { createUser } from "../../factories";

/**
 * The attacks of the issue-8 security review, replayed: parallel password guessing, and locking a
 * colleague out by typing wrong passwords for their address. Every argon2 verification is counted
 * (the real function still runs), which is what "checked" means below.
 */
const argon2 = vi.hoisted(() => ({ verifications: 0 }));
vi.mock("~/modules/auth/password.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("~/modules/auth/password.server")>();
  return {
    ...real,
    verifyPassword: async (hash: string, password: string) => {
      argon2.verifications++;
      return real.verifyPassword(hash, password);
    },
    verifyAgainstDecoy: async (password: string) => {
      argon2.verifications++;
      return real.verifyAgainstDecoy(password);
    },
  };
});

useTestDatabase();

const PASSWORD = "correct horse battery";
const EMAIL = "hr@example.com";

beforeEach(() => {
  argon2.verifications = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

/** POST /login as the browser at `ip` would. */
async function postLogin(form: Record<string, string>, ip: string, headers: Record<string, string> = {}): Promise<Response> {
  const request = buildRequest("/login", { form, headers });
  return (await action({ request, params: {}, context: { ...testContext, clientIp: ip } })) as Response;
}

async function formErrorOf(response: Response): Promise<string | undefined> {
  const body = (await response.json()) as { result: { error?: Record<string, string[]> } };
  return body.result.error?.[""]?.[0];
}

function statuses(responses: Response[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const r of responses) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return counts;
}

async function sessionCount() {
  return (await testDb().selectFrom("sessions").select("id").execute()).length;
}

describe("parallel password guessing", () => {
  it("checks at most 5 of 40 wrong passwords sent at once and refuses the rest with 429", async () => {
    await createUser({ role: "hr_admin", email: EMAIL, password: PASSWORD });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) => postLogin({ email: EMAIL, password: `wrong-${i}` }, "203.0.113.7")),
    );
    expect(argon2.verifications).toBeLessThanOrEqual(5);
    expect(statuses(responses)).toEqual({ 400: argon2.verifications, 429: 40 - argon2.verifications });

    // The limit is spent: the right password from the same IP is refused without being checked.
    argon2.verifications = 0;
    expect((await postLogin({ email: EMAIL, password: PASSWORD }, "203.0.113.7")).status).toBe(429);
    expect(argon2.verifications).toBe(0);
    expect(await sessionCount()).toBe(0);
  });

  it("does not let the right password ride along with 25 wrong ones sent at once", async () => {
    await createUser({ role: "hr_admin", email: EMAIL, password: PASSWORD });
    const guesses = [...Array.from({ length: 25 }, (_, i) => `wrong-${i}`), PASSWORD];
    const responses = await Promise.all(guesses.map((password) => postLogin({ email: EMAIL, password }, "203.0.113.7")));
    expect(argon2.verifications).toBeLessThanOrEqual(5);
    // Only the checked requests got an answer other than 429; the right one, last, came too late.
    expect(responses.filter((r) => r.status !== 429)).toHaveLength(argon2.verifications);
    expect(responses.at(-1)!.status).toBe(429);
    expect(await sessionCount()).toBe(0);
  });

  it("counts parallel attempts spread over many IPs (one account) one by one as well", async () => {
    await createUser({ role: "hr_admin", email: EMAIL, password: PASSWORD });
    // 30 IPs at once, one guess each: the per-IP limits never bite, the account brake must.
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => postLogin({ email: EMAIL, password: `wrong-${i}` }, `198.51.100.${i + 1}`)),
    );
    // 10 free attempts, then the first delay starts: nothing more is checked until it has passed.
    expect(argon2.verifications).toBe(10);
    expect(statuses(responses)).toEqual({ 400: 10, 429: 20 });
  });
});

describe("locking others out", () => {
  it("blocks the guessing IP but lets the account's owner in from another IP, however long the guessing goes on", async () => {
    await createUser({ role: "hr_admin", email: EMAIL, password: PASSWORD });
    for (let round = 0; round < 3; round++) {
      for (let i = 1; i <= 5; i++) await postLogin({ email: EMAIL, password: `wrong-${round}-${i}` }, "203.0.113.66");
      const attacker = await postLogin({ email: EMAIL, password: PASSWORD }, "203.0.113.66");
      expect(attacker.status).toBe(429);
      expect(Number(attacker.headers.get("Retry-After"))).toBeGreaterThan(14 * 60);
      expect(await formErrorOf(attacker)).toMatch(/^Too many attempts\. Try again in 1[45] minutes\.$/);

      const owner = await postLogin({ email: EMAIL, password: PASSWORD }, "192.0.2.10");
      expect(owner.status).toBe(302);
    }
    expect(await sessionCount()).toBe(3);
  });

  it("gives the account's own IP a fresh allowance after a successful sign-in there", async () => {
    await createUser({ role: "hr_admin", email: EMAIL, password: PASSWORD });
    for (let i = 1; i <= 4; i++) expect((await postLogin({ email: EMAIL, password: `typo-${i}` }, "192.0.2.10")).status).toBe(400);
    expect((await postLogin({ email: EMAIL, password: PASSWORD }, "192.0.2.10")).status).toBe(302);
    for (let i = 1; i <= 4; i++) expect((await postLogin({ email: EMAIL, password: `typo-again-${i}` }, "192.0.2.10")).status).toBe(400);
    expect((await postLogin({ email: EMAIL, password: PASSWORD }, "192.0.2.10")).status).toBe(302);
  });

  it("slows guessing from many IPs with a doubling delay capped at 5 minutes, and still lets the owner in", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-06T09:00:00Z") });
    await createUser({ role: "hr_admin", email: EMAIL, password: PASSWORD });
    let ip = 0;
    const freshIp = () => `198.51.100.${++ip}`;
    for (let i = 1; i <= 10; i++) expect((await postLogin({ email: EMAIL, password: `wrong-${i}` }, freshIp())).status).toBe(400);

    // After the 10th failure each attempt owes 1 s, 2 s, 4 s … up to 300 s since the previous one.
    const waits: number[] = [];
    for (let step = 0; step < 11; step++) {
      const refused = await postLogin({ email: EMAIL, password: `early-${step}` }, freshIp());
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get("Retry-After"));
      waits.push(wait);
      vi.setSystemTime(Date.now() + (wait - 1) * 1000);
      expect((await postLogin({ email: EMAIL, password: `still-early-${step}` }, freshIp())).status).toBe(429);
      vi.setSystemTime(Date.now() + 1000);
      expect((await postLogin({ email: EMAIL, password: `on-time-${step}` }, freshIp())).status).toBe(400);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]);

    // The owner, from yet another IP, is told when to come back, in seconds or minutes…
    const told = await postLogin({ email: EMAIL, password: PASSWORD }, "192.0.2.10");
    expect(told.status).toBe(429);
    expect(await formErrorOf(told)).toBe(enAuth.errors.throttled_other.replace("{{count}}", "5"));
    // …and gets in once that time has passed, which resets the brake for everyone.
    vi.setSystemTime(Date.now() + 300_000);
    expect((await postLogin({ email: EMAIL, password: PASSWORD }, "192.0.2.10")).status).toBe(302);
    expect((await postLogin({ email: EMAIL, password: "wrong-after" }, freshIp())).status).toBe(400);
  });

  it("says when to try again in seconds, in French too", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-06T09:00:00Z") });
    for (let i = 1; i <= 10; i++) await postLogin({ email: "nobody@example.com", password: `wrong-${i}` }, `198.51.100.${i}`);
    const en = await postLogin({ email: "nobody@example.com", password: "x" }, "198.51.100.50");
    expect(await formErrorOf(en)).toBe("Too many attempts. Try again in 1 second.");
    const fr = await postLogin({ email: "nobody@example.com", password: "x" }, "198.51.100.51", { "Accept-Language": "fr" });
    expect(fr.status).toBe(429);
    expect(await formErrorOf(fr)).toBe("Trop de tentatives. Réessayez dans 1 seconde.");
  });

  it("forgets an account's attempts after 15 quiet minutes", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-12-06T09:00:00Z") });
    for (let i = 1; i <= 10; i++) await postLogin({ email: EMAIL, password: `wrong-${i}` }, `198.51.100.${i}`);
    expect((await postLogin({ email: EMAIL, password: "x" }, "198.51.100.50")).status).toBe(429);
    vi.setSystemTime(Date.now() + 15 * 60_000);
    for (let i = 1; i <= 9; i++) expect((await postLogin({ email: EMAIL, password: `later-${i}` }, `198.51.100.${100 + i}`)).status).toBe(400);
  });
});
