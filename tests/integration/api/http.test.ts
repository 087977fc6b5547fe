import { API_BODY_LIMIT_BYTES } from "~/modules/integrations/api.server";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { allowDatesYearsAway, departureBody } from "./helpers";
import { installOffboardingDefaults, issueToken } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

useTestDatabase();
useJobQueue();
const app = useHttpApp();

let token: string;

beforeEach(async () => {
  await installOffboardingDefaults();
  await allowDatesYearsAway();
  ({ token } = await issueToken());
});

const auth = () => ({ Authorization: `Bearer ${token}` });

describe("the API over HTTP", () => {
  it("records a departure posted by another system (no Origin: the CSRF check leaves /api/ to the token) and reads it back", async () => {
    const created = await fetch(`${app.base}/api/v1/departures`, {
      method: "POST",
      headers: { ...auth(), "Content-Type": "application/json" },
      body: JSON.stringify(departureBody({ externalId: "HTTP-1" })),
    });
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(created.headers.get("Cache-Control")).toBe("no-store");

    const read = await fetch(`${app.base}${created.headers.get("Location")}`, { headers: auth() });
    expect(read.status).toBe(200);
    expect((await read.json()).id).toBe(body.id);

    const listed = await fetch(`${app.base}/api/v1/departures?status=planned`, { headers: auth() });
    expect((await listed.json()).data.map((d: { id: string }) => d.id)).toEqual([body.id]);
  });

  it("answers 401 problem+json without a token", async () => {
    const response = await fetch(`${app.base}/api/v1/departures`);
    expect(response.status).toBe(401);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
    expect(response.headers.get("WWW-Authenticate")).toBe('Bearer realm="api"');
  });

  it("answers 413 to a body whose Content-Length is over 1 MiB", async () => {
    const response = await fetch(`${app.base}/api/v1/departures`, {
      method: "POST",
      headers: { ...auth(), "Content-Type": "application/json" },
      body: JSON.stringify({ padding: "x".repeat(API_BODY_LIMIT_BYTES + 10) }),
    });
    expect(response.status).toBe(413);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("answers 413 to a streamed body without Content-Length once it passes 1 MiB", async () => {
    const chunk = new TextEncoder().encode(`"${"x".repeat(64 * 1024 - 2)}",`);
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("["));
      },
      pull(controller) {
        sent += chunk.byteLength;
        // Far more than the limit: the server must stop reading long before the end.
        if (sent > 16 * API_BODY_LIMIT_BYTES) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const response = await fetch(`${app.base}/api/v1/departures`, {
      method: "POST",
      headers: { ...auth(), "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("answers problem+json 404 for an unknown API path", async () => {
    const response = await fetch(`${app.base}/api/v1/nothing-here`, { headers: auth() });
    expect(response.status).toBe(404);
    expect(response.headers.get("Content-Type")).toBe("application/problem+json");
  });

  it("does not let an API token open HR pages", async () => {
    for (const path of ["/admin", "/admin/departures", "/admin/settings/api-tokens"]) {
      const response = await fetch(`${app.base}${path}`, { headers: auth(), redirect: "manual" });
      expect(response.status, path).toBe(302);
      expect(response.headers.get("Location"), path).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("serves the OpenAPI document to anyone", async () => {
    const response = await fetch(`${app.base}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([{ url: app.base }]);
  });

  it("renders the reference page in English and in French", async () => {
    const english = await fetch(`${app.base}/api/docs`, { headers: { "Accept-Language": "en" } });
    expect(english.status).toBe(200);
    const html = await english.text();
    expect(html).toContain("<title>HR system API");
    expect(html).toContain("/api/v1/departures/{departureId}");
    expect(html).toContain("curl -X POST");
    expect(html).toContain('id="problem-validation-failed"');

    const french = await fetch(`${app.base}/api/docs`, { headers: { "Accept-Language": "fr" } });
    const frenchHtml = await french.text();
    expect(frenchHtml).toContain("<title>API pour le SIRH");
    expect(frenchHtml).toContain("Authentification");
  });
});
