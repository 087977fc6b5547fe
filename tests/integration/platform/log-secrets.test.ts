import { sql } from "kysely";
import { runQueuedJobs } from "~/modules/jobs/boss.server";
import { logger, routeLogsTo } from "~/modules/platform/logger.server";
import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { confirmationTokenFor } from "../alumni/support";
import { invitedDeparture } from "../exit/invitation-helpers";
import { createUser, installOffboardingDefaults, makeAlumniLeaver, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/**
 * Issue 8, section 3: a token copied from the request log signed its reader in, and database
 * errors printed the query's parameters (names, emails). This replays a whole journey through the
 * HTTP server (staff invitation → set password, magic link, exit link, email confirmation),
 * captures every log line both copies of the logger write, and looks for every secret and address.
 */

useTestDatabase();
useJobQueue();
const app = useHttpApp();

let lines: string[] = [];
let previousLevel: string;

beforeEach(async () => {
  lines = [];
  previousLevel = logger.level;
  logger.level = "trace";
  routeLogsTo({ write: (line: string) => void lines.push(line) });
  await installOffboardingDefaults();
});

afterEach(() => {
  routeLogsTo(null);
  logger.level = previousLevel;
});

const TOKEN_IN_LINK = /\/(?:login\/magic|exit\/link|set-password|confirm-email)\/([a-z2-7]{32})/g;

async function post(path: string, form: Record<string, string | string[]>, cookie?: string) {
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) for (const item of [value].flat()) body.append(name, item);
  return fetch(`${app.base}${path}`, {
    method: "POST",
    headers: { Origin: app.base, "Content-Type": "application/x-www-form-urlencoded", ...(cookie ? { Cookie: cookie } : {}) },
    body,
    redirect: "manual",
  });
}

async function get(path: string, cookie?: string) {
  return fetch(`${app.base}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: "manual" });
}

function cookieOf(response: Response): string {
  const value = response.headers.get("set-cookie")?.match(/(?:^|,\s*)(session=[a-z2-7]{32})/)?.[1];
  if (!value) throw new Error(`no session cookie in the ${response.status} answer`);
  return value;
}

async function newestTokenTo(address: string): Promise<string> {
  const email = await testDb()
    .selectFrom("emails")
    .select("text")
    .where("to_address", "=", address)
    .orderBy("created_at", "desc")
    .executeTakeFirstOrThrow();
  const token = [...email.text.matchAll(TOKEN_IN_LINK)][0]?.[1];
  if (!token) throw new Error(`no link in the newest email to ${address}`);
  return token;
}

describe("log lines", () => {
  it("hold no token and no email address after a whole journey through the server", async () => {
    const secrets = new Set<string>();
    const keep = (secret: string) => (secrets.add(secret), secret);

    // Staff invitation, then the invited person sets a password and signs in with it.
    const hr = await signIn(await createUser({ role: "hr_admin", email: "hr.admin@acme.example" }));
    expect((await post("/admin/people", { name: "Grace Hopper", email: "grace.hopper@acme.example", role: "task_owner" }, hr)).status).toBe(302);
    const setPassword = keep(await newestTokenTo("grace.hopper@acme.example"));
    expect((await get(`/set-password/${setPassword}`)).status).toBe(200);
    const password = keep("Correct-Horse-Battery-9");
    const afterPassword = await post(`/set-password/${setPassword}`, { password, confirmPassword: password });
    expect(afterPassword.status).toBe(302);
    keep(cookieOf(afterPassword).split("=")[1]!);
    const signedIn = await post("/login", { email: "grace.hopper@acme.example", password, redirectTo: "/tasks" });
    expect(signedIn.status).toBe(302);
    keep(cookieOf(signedIn).split("=")[1]!);

    // Magic link for an alumnus, opened, then used; and the same link again, refused.
    await createUser({ role: "alumnus", email: "ada.alumna@example.net" });
    expect((await post("/login/link", { email: "ada.alumna@example.net" })).status).toBe(200);
    await runQueuedJobs(["auth.magic-link"]);
    const magic = keep(await newestTokenTo("ada.alumna@example.net"));
    expect((await get(`/login/magic/${magic}`)).status).toBe(200);
    const magicSignIn = await post(`/login/magic/${magic}`, {});
    expect(magicSignIn.status).toBe(302);
    keep(cookieOf(magicSignIn).split("=")[1]!);
    await post(`/login/magic/${magic}`, {});

    // A leaver's exit link, opened and used.
    const { departure, token: exitLink } = await invitedDeparture({ employeeEmail: "linus.leaver@acme.example" });
    keep(exitLink);
    expect((await get(`/exit/link/${exitLink}`)).status).toBe(200);
    const exitSignIn = await post(`/exit/link/${exitLink}`, { intent: "continue" });
    expect(exitSignIn.status).toBe(302);
    keep(cookieOf(exitSignIn).split("=")[1]!);
    expect(departure.id).toBeTruthy();

    // A leaver joining the alumni network confirms a personal address.
    const leaver = await makeAlumniLeaver();
    keep(leaver.cookie.split("=")[1]!);
    await post("/exit/alumni", { intent: "join", personalEmail: "linus.personal@example.org", consents: ["newsletter"] }, leaver.cookie);
    const confirmation = keep(await confirmationTokenFor("linus.personal@example.org"));
    expect((await get(`/confirm-email/${confirmation}`, leaver.cookie)).status).toBe(200);
    expect((await post(`/confirm-email/${confirmation}`, {}, leaver.cookie)).status).toBeLessThan(400);

    // Tokens in query strings, and a cross-site post to a token page (its refusal is logged too).
    await get(`/login?token=${magic}&redirectTo=${encodeURIComponent(`/exit/link/${exitLink}`)}`);
    await fetch(`${app.base}/set-password/${setPassword}`, { method: "POST", headers: { Origin: "https://evil.example" }, redirect: "manual" });

    const addresses = (await testDb().selectFrom("users").select("email").execute()).map((row) => row.email);
    addresses.push(...(await testDb().selectFrom("emails").select("to_address").execute()).map((row) => row.to_address));
    const log = lines.join("");
    // The journey was logged (so the search below means something), with the tokens replaced.
    expect(log).toContain('"path":"/exit/link/[token]"');
    expect(log).toContain('"path":"/login/magic/[token]"');
    expect(log).toContain('"path":"/set-password/[token]"');
    expect(log).toContain('"path":"/confirm-email/[token]"');
    expect(log).toContain("cross-site request refused");
    expect(secrets.size).toBeGreaterThanOrEqual(9);
    for (const secret of secrets) expect(log, "a secret is in the log").not.toContain(secret);
    for (const address of new Set(addresses)) expect(log, `${address} is in the log`).not.toContain(address);
  });

  it("show a database error without the values of its query", async () => {
    const email = "ada.private@example.net";
    const failures: unknown[] = [];
    // A bad value (PostgreSQL quotes it in its message; PGlite attaches the parameters).
    await sql`select ${email}::uuid`.execute(testDb()).catch((error: unknown) => failures.push(error));
    // A unique violation (the row's values are in the error's detail).
    await createUser({ email, name: "Ada Private" });
    await testDb()
      .insertInto("users")
      .values({ email, name: "Ada Private", role: "alumnus" } as never)
      .execute()
      .catch((error: unknown) => failures.push(error));
    expect(failures).toHaveLength(2);
    for (const error of failures) {
      logger.error({ err: error }, "a database error");
      // The logger must not rely on the key being `err`.
      logger.error({ error, cause: { inner: error } }, "a database error under other keys");
    }
    const log = lines.join("");
    expect(log).toContain("invalid input syntax for type uuid");
    expect(log).toContain("duplicate key value violates unique constraint");
    expect(log).not.toContain(email);
    expect(log).not.toContain("Ada Private");
  });
});
