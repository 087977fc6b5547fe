import { testDb, useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { createUser, installOffboardingDefaults, makeDeparture, signIn } from "../../factories";

/**
 * The departure date forms as a browser without JavaScript gets them: the server's answer carries
 * the confirmation box and the questions, in the admin's language, with dates written as the page
 * writes them.
 */

useTestDatabase();
const app = useHttpApp();

const TODAY = "2026-12-10";
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"], now: new Date(`${TODAY}T12:00:00Z`) });
});
afterAll(() => {
  vi.useRealTimers();
});

let cookie: string;
beforeEach(async () => {
  await installOffboardingDefaults();
  cookie = await signIn(await createUser({ role: "hr_admin" }));
});

const decode = (html: string) =>
  html
    .replace(/<!-- -->/g, "")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

async function postNew(fields: Record<string, string>, headers: Record<string, string> = {}) {
  const root = await testDb().selectFrom("departments").select("id").where("parent_id", "is", null).executeTakeFirstOrThrow();
  const body = new URLSearchParams({
    employeeName: "Noor Haddad",
    employeeEmail: "noor@example.com",
    departmentId: root.id,
    type: "voluntary",
    ...fields,
  });
  const response = await fetch(`${app.base}/admin/departures/new`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: app.base, "Content-Type": "application/x-www-form-urlencoded", ...headers },
    body: body.toString(),
    redirect: "manual",
  });
  return { response, html: decode(await response.text()) };
}

describe("the new-departure form without JavaScript", () => {
  it("comes back with the message beside each date and a box naming the dates it confirms", async () => {
    const { response, html } = await postNew({ noticeDate: "2015-12-24", lastDay: "2016-01-03" });
    expect(response.status).toBe(400);
    expect(html).toContain("Check the last working day: Jan 3, 2016 is more than 90 days ago.");
    expect(html).toContain("Check the notice date: Dec 24, 2015 is more than 90 days ago.");
    expect(html).toMatch(/<input type="checkbox"[^>]*name="confirmUnusualDates"[^>]*value="noticeDate=2015-12-24 lastDay=2016-01-03"/);
    expect(html).toContain("Yes, the notice date really is Dec 24, 2015 and the last working day really is Jan 3, 2016.");
    // The last day has passed too: the question about the tasks already due comes with it.
    expect(html).toMatch(/<input type="radio"[^>]*name="overdueTasks"[^>]*value="not_applicable"/);
    expect(html).toContain("The last working day has passed: what about the checklist tasks already due?");
  });

  it("asks in French, with dates written the French way", async () => {
    cookie = await signIn(await createUser({ role: "hr_admin", locale: "fr" }));
    const { html } = await postNew({ noticeDate: "2026-12-01", lastDay: "2037-03-31" });
    expect(html).toContain("Vérifiez le dernier jour travaillé : le 31 mars 2037 est dans plus de 730 jours.");
    expect(html).toContain("Oui, le dernier jour travaillé est bien le 31 mars 2037.");
  });

  it("warns when the last working day is a weekend day or a company holiday, without refusing it", async () => {
    await testDb().insertInto("company_holidays").values({ day: "2026-12-25", name: "Christmas Day" }).execute();
    const sunday = await postNew({ noticeDate: "2026-12-01", lastDay: "2027-01-03", employeeName: "" });
    expect(sunday.html).toContain("Jan 3, 2027 is a Sunday. Is it really the last working day?");
    const holiday = await postNew({ noticeDate: "2026-12-01", lastDay: "2026-12-25", employeeName: "" });
    expect(holiday.html).toContain("Dec 25, 2026 is a company holiday (Christmas Day). Is it really the last working day?");
    const recorded = await postNew({ noticeDate: "2026-12-01", lastDay: "2027-01-03" });
    expect(recorded.response.status).toBe(302);
  });
});

describe("the departure's page", () => {
  it("says a termination date not given is the last day, and warns of a last day on a weekend", async () => {
    const { departure } = await makeDeparture({ noticeDate: "2026-12-01", lastDay: "2027-01-03" });
    const response = await fetch(`${app.base}/admin/departures/${departure.id}`, { headers: { Cookie: cookie } });
    const html = decode(await response.text());
    expect(response.status).toBe(200);
    expect(html).toContain("Jan 3, 2027 is a Sunday. Is it really the last working day?");
    expect(html).toContain("<dt>Termination date</dt><dd>Jan 3, 2027<span class=\"muted\"> (same as the last working day)</span></dd>");
    // The dates form, asked for: it leaves the termination date empty, as it follows the last day.
    const opened = decode(await (await fetch(`${app.base}/admin/departures/${departure.id}?open=dates`, { headers: { Cookie: cookie } })).text());
    const field = /<input[^>]*name="terminationDate"[^>]*>/.exec(opened)?.[0];
    expect(field).toMatch(/type="date"/);
    expect(field).not.toMatch(/value=/);
  });

  it("draws its forms only when asked for: each card links to itself with its form open, which works without JavaScript", async () => {
    const { departure } = await makeDeparture({ noticeDate: "2026-12-01", lastDay: "2026-12-18" });
    const page = async (query: string) =>
      decode(await (await fetch(`${app.base}/admin/departures/${departure.id}${query}`, { headers: { Cookie: cookie } })).text());
    const intents = (html: string) => [...html.matchAll(/<input type="hidden" name="intent" value="([^"]+)"/g)].map((match) => match[1]);

    const served = await page("");
    // Only the exit flow's personal address stays drawn (the flow is open); the three cards hold links.
    expect(intents(served)).toEqual(["personalEmail"]);
    for (const card of ["dates", "add-task", "cancel"]) {
      expect(served).toContain(`href="/admin/departures/${departure.id}?open=${card}#${card}"`);
      expect(served).toMatch(new RegExp(`<section[^>]*id="${card}"`));
    }
    expect(intents(await page("?open=dates"))).toEqual(["personalEmail", "update"]);
    expect(intents(await page("?open=add-task"))).toEqual(["personalEmail", "addTask"]);
    expect(intents(await page("?open=cancel"))).toEqual(["personalEmail", "cancel"]);
    // The form asked for is open; the others stay closed.
    expect(await page("?open=add-task")).toMatch(/<details class="form-disclosure" open="">(?:(?!<\/details>).)*name="intent" value="addTask"/s);
    expect(intents(await page("?open=nonsense"))).toEqual(["personalEmail"]);
  });

  it("draws a form the action answered with errors, open, with its messages", async () => {
    const { departure } = await makeDeparture({ noticeDate: "2026-12-01", lastDay: "2026-12-18" });
    const response = await fetch(`${app.base}/admin/departures/${departure.id}`, {
      method: "POST",
      headers: { Cookie: cookie, Origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "addTask", titleEn: "", titleFr: "", category: "other", anchor: "last_day", offsetBusinessDays: "0" }),
    });
    const html = decode(await response.text());
    expect(response.status).toBe(400);
    expect(html).toMatch(/<details class="form-disclosure" open="">(?:(?!<\/details>).)*name="intent" value="addTask"/s);
    expect(html).toMatch(/name="titleEn"[^>]*aria-invalid="true"/);
  });
});
