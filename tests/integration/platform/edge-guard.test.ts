import { request as httpRequest } from "node:http";
import { FORM_BODY_LIMIT_BYTES } from "../../../server/request-guard";
import { MAX_FILE_BYTES } from "~/modules/imports/limits";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { addTask, createTeamMember, createUser, installOffboardingDefaults, issueToken, makeAlumniLeaver, makeBareDeparture, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/**
 * Issue 8, sections 4 and 5, replayed through the real server: each request below answered 500
 * (or was read whole, or passed the same-origin check) before the guard in front of Remix.
 */

useTestDatabase();
useJobQueue();
const app = useHttpApp();

beforeEach(async () => {
  await installOffboardingDefaults();
});

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

function post(path: string, body: BodyInit, init: { cookie?: string; type?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { Origin: app.base, ...init.headers };
  if (init.type !== undefined) headers["Content-Type"] = init.type;
  if (init.cookie) headers.Cookie = init.cookie;
  return fetch(`${app.base}${path}`, { method: "POST", headers, body, redirect: "manual" });
}

const URLENCODED = "application/x-www-form-urlencoded";

describe("text PostgreSQL cannot store and bodies routes cannot parse", () => {
  it("answers 4xx with a page in the visitor's language, never 500 (the attacks of the review)", async () => {
    const hr = await signIn(await createUser({ role: "hr_admin" }));
    const owner = await createTeamMember(["IT"]);
    const ownerCookie = await signIn(owner);
    const departure = await makeBareDeparture();
    const task = await addTask(departure.id, { title: "Collect laptop", team: "IT" });
    const attacks: [string, () => Promise<Response>, number][] = [
      ["JSON to /locale", () => post("/locale", JSON.stringify({ locale: "fr" }), { type: "application/json" }), 415],
      ["malformed multipart to /locale", () => post("/locale", "--x\r\nnonsense", { type: "multipart/form-data; boundary=x" }), 400],
      ["multipart without a boundary", () => post("/locale", "locale=fr", { type: "multipart/form-data" }), 400],
      ["text/plain to /login", () => post("/login", "email=a@b.c", { type: "text/plain" }), 415],
      ["a body without a type", () => post("/login", "email=a@b.c"), 415],
      ["NUL in the departures search", () => fetch(`${app.base}/admin/departures?q=%00`, { headers: { Cookie: hr } }), 400],
      ["NUL in the CSV export", () => fetch(`${app.base}/admin/departures/export.csv?q=a%00b`, { headers: { Cookie: hr } }), 400],
      ["NUL in a path segment", () => fetch(`${app.base}/exit/survey/a%00b`, { headers: { Cookie: hr } }), 400],
      ["NUL in a team name", () => post("/admin/settings/teams", form({ intent: "create", name: "IT\u0000ops" }), { cookie: hr, type: URLENCODED }), 400],
      [
        "NUL in a staff invitation name",
        () => post("/admin/people", form({ name: "Grace\u0000", email: "grace@acme.example", role: "task_owner" }), { cookie: hr, type: URLENCODED }),
        400,
      ],
      [
        "NUL in a not-applicable reason",
        () => post("/tasks", form({ intent: "notApplicable", taskId: task.id, reason: "gone\u0000" }), { cookie: ownerCookie, type: URLENCODED }),
        400,
      ],
      [
        "NUL in a multipart text field",
        () => {
          const body = new FormData();
          body.set("locale", "fr\u0000");
          return post("/locale", body);
        },
        400,
      ],
    ];
    for (const [name, attack, status] of attacks) {
      const response = await attack();
      expect.soft(response.status, name).toBe(status);
      expect.soft(response.headers.get("content-type"), name).toMatch(/^text\/html/);
    }
    const french = await fetch(`${app.base}/login?email=%00`, { headers: { "Accept-Language": "fr" } });
    expect(french.status).toBe(400);
    const page = await french.text();
    expect(page).toContain('lang="fr"');
    expect(page).toContain("caractère NUL");
  });

  it("still accepts an empty post without a type as an empty form", async () => {
    const cookie = await signIn(await createUser({ role: "alumnus" }));
    const response = await fetch(`${app.base}/logout`, { method: "POST", headers: { Origin: app.base, Cookie: cookie }, redirect: "manual" });
    expect(response.status).toBe(302);
  });

  it("answers the API's own problem+json: 400 for NUL in its query string, 422 for NUL in a JSON string", async () => {
    const { token } = await issueToken();
    const auth = { Authorization: `Bearer ${token}` };
    const query = await fetch(`${app.base}/api/v1/departures?status=%00`, { headers: auth });
    expect(query.status).toBe(400);
    expect(query.headers.get("content-type")).toBe("application/problem+json");
    expect((await query.json()) as { type: string }).toMatchObject({ type: "/api/docs#problem-invalid-parameters" });
    const body = await fetch(`${app.base}/api/v1/departures`, {
      method: "POST",
      headers: { ...auth, "Content-Type": "application/json" },
      body: JSON.stringify({ externalId: "x\u0000" }),
    });
    expect(body.status).toBe(422);
    expect(body.headers.get("content-type")).toBe("application/problem+json");
  });

  it("refuses a CSV file with a NUL inside with the import's own message, not a 500", async () => {
    const hr = await signIn(await createUser({ role: "hr_admin" }));
    const upload = new FormData();
    upload.set("file", new Blob(["name,email\nAda\u0000,ada@acme.example\n"], { type: "text/csv" }), "people.csv");
    const response = await post("/admin/departures/import", upload, { cookie: hr });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/not a CSV|text file|binary/i);
  });
});

describe("body size", () => {
  it("refuses a 20 MB form to /login from its Content-Length, before reading it, with a 413 page", async () => {
    const response = await post("/login", form({ email: "a@b.c", password: "x".repeat(20 * 1024 * 1024) }), { type: URLENCODED });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await response.text()).toContain("1 MiB");
  });

  it("refuses a chunked form body without a length once it passes 1 MiB", async () => {
    const chunk = new TextEncoder().encode("x".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("email=a%40b.c&password="));
      },
      pull(controller) {
        sent += chunk.byteLength;
        // Far more than the limit: the server must stop reading long before the end.
        if (sent > 16 * FORM_BODY_LIMIT_BYTES) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${app.base}/login`, {
      method: "POST",
      headers: { Origin: app.base, "Content-Type": URLENCODED },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(sent).toBeLessThan(16 * FORM_BODY_LIMIT_BYTES);
  });

  it("lets the CSV upload declare more (its file limit), and no more than that", async () => {
    const hr = await signIn(await createUser({ role: "hr_admin" }));
    const header = "first_name,last_name,work_email,last_day\n";
    const row = "Ada,Lovelace,ada@acme.example,2027-01-15\n";
    const twoMegabytes = new FormData();
    twoMegabytes.set("file", new Blob([header, row.repeat(Math.ceil((2 * 1024 * 1024) / row.length))], { type: "text/csv" }), "big.csv");
    const accepted = await post("/admin/departures/import", twoMegabytes, { cookie: hr });
    expect(accepted.status).not.toBe(413);
    expect(accepted.status).toBeLessThan(500);
    const tooLarge = new FormData();
    tooLarge.set("file", new Blob([header, "x".repeat(MAX_FILE_BYTES + 128 * 1024)], { type: "text/csv" }), "huge.csv");
    const refused = await post("/admin/departures/import", tooLarge, { cookie: hr });
    expect(refused.status).toBe(413);
  });

  it("answers the API's 413 as problem+json", async () => {
    const { token } = await issueToken();
    const response = await fetch(`${app.base}/api/v1/departures`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });
});

/** A request sent with its path exactly as written (like curl --path-as-is): fetch would normalise it. */
function rawPost(path: string, body: string): Promise<{ status: number; location?: string }> {
  const url = new URL(app.base);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method: "POST", path, headers: { "Content-Type": URLENCODED, "Content-Length": Buffer.byteLength(body) } },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, location: response.headers.location });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

describe("the same-origin check", () => {
  it("judges the path Remix routes, not the raw request line: /api/../locale is /locale", async () => {
    for (const path of ["/api/../locale", "/api/%2e%2e/locale", "/api/v1/..%2f../locale", "/api\\..\\locale", "/webhooks/../locale"]) {
      const response = await rawPost(path, "locale=fr&redirectTo=%2F");
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
    // The check itself is unchanged for a real API path.
    expect((await rawPost("/api/v1/departures", "{}")).status).toBe(401);
  });
});

describe("a request the server cannot turn into a URL", () => {
  it("answers 400 without a stack trace (Express's own handler sent it in development)", async () => {
    const url = new URL(app.base);
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest({ host: url.hostname, port: url.port, path: "/", headers: { Host: "bad host" } }, (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on("error", reject);
      request.end();
    });
    expect(answer.status).toBe(400);
    expect(answer.body).not.toMatch(/\n\s+at /);
    expect(answer.body).toContain("We could not understand this request");
  });
});

describe("Cache-Control", () => {
  it("is private, no-store on every page answered to a signed-in user, whatever the role", async () => {
    const leaver = await makeAlumniLeaver({ status: "started" });
    const pages: [string, string][] = [
      [await signIn(await createUser({ role: "hr_admin" })), "/admin"],
      [await signIn(await createUser({ role: "hr_admin" })), "/admin/departures"],
      [await signIn(await createUser({ role: "hr_admin" })), "/admin/departures?_data=routes%2Fadmin.departures._index"],
      [await signIn(await createUser({ role: "hr_admin" })), "/admin/departures/export.csv"],
      [await signIn(await createUser({ role: "task_owner" })), "/tasks"],
      [await signIn(await createUser({ role: "alumnus" })), "/alumni"],
      [leaver.cookie, "/exit"],
      [await signIn(await createUser({ role: "alumnus" })), "/"],
      [await signIn(await createUser({ role: "alumnus" })), "/no-such-page"],
    ];
    for (const [cookie, path] of pages) {
      const response = await fetch(`${app.base}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(response.status, path).toBeLessThan(500);
      expect(response.headers.get("cache-control"), path).toBe("private, no-store");
    }
  });

  it("is private, no-store on the answer that starts a session, and unchanged on public pages", async () => {
    const password = "Correct-Horse-Battery-9";
    await createUser({ role: "hr_admin", email: "cache.hr@acme.example", password });
    const signedIn = await post("/login", form({ email: "cache.hr@acme.example", password }), { type: URLENCODED });
    expect(signedIn.status).toBe(302);
    expect(signedIn.headers.get("set-cookie")).toMatch(/^session=/);
    expect(signedIn.headers.get("cache-control")).toBe("private, no-store");
    for (const path of ["/", "/login", "/healthz"]) {
      const response = await fetch(`${app.base}${path}`);
      expect(response.headers.get("cache-control") ?? "", path).not.toContain("private");
    }
  });
});
