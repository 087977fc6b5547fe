import { CONFIDENTIAL_PAGE_SIZE } from "~/modules/responses/responses-overview.server";
import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { createUser, installOffboardingDefaults, makeDeparture, signIn } from "../../factories";

/**
 * A list asked for a page past its last (rows removed since the link was made, an edited address)
 * answers with its last page and the same filters, not "Page 9 of 1" over an empty table.
 */

useTestDatabase();

const app = useHttpApp();

async function hrCookie() {
  return signIn(await createUser({ role: "hr_admin" }));
}

async function get(path: string, cookie: string) {
  const response = await fetch(`${app.base}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get("location") };
}

describe("a list page past the last page", () => {
  it("sends the departures list to its last page, keeping the filters", async () => {
    await installOffboardingDefaults();
    await makeDeparture({ employeeName: "Only leaver" });
    const cookie = await hrCookie();
    expect(await get("/admin/departures?status=planned&status=in_progress&sort=last_day_desc&page=9", cookie)).toEqual({
      status: 302,
      location: "/admin/departures?status=planned&status=in_progress&sort=last_day_desc",
    });
    expect(await get("/admin/departures?page=1", cookie)).toEqual({ status: 200, location: null });
  });

  it("sends the people list to its last page", async () => {
    const cookie = await hrCookie();
    expect(await get("/admin/people?page=3", cookie)).toEqual({ status: 302, location: "/admin/people" });
    expect(await get("/admin/people", cookie)).toEqual({ status: 200, location: null });
  });

  it("sends a client navigation (a data request) to the last page's address, not to the data request's", async () => {
    const cookie = await hrCookie();
    const response = await fetch(`${app.base}/admin/people?page=3&_data=routes%2Fadmin.people`, { headers: { Cookie: cookie }, redirect: "manual" });
    await response.arrayBuffer();
    expect(response.headers.get("x-remix-redirect")).toBe("/admin/people");
  });

  it("sends the responses to their last page, keeping the filters", async () => {
    const cookie = await hrCookie();
    expect(CONFIDENTIAL_PAGE_SIZE).toBeGreaterThan(1);
    expect(await get("/admin/responses?period=12&page=4", cookie)).toEqual({ status: 302, location: "/admin/responses?period=12" });
  });

  it("still answers a page number that is not one with the first page and what is wrong (400), not a redirect", async () => {
    const cookie = await hrCookie();
    expect(await get("/admin/people?page=abc", cookie)).toEqual({ status: 400, location: null });
    expect(await get("/admin/departures?page=0", cookie)).toEqual({ status: 400, location: null });
  });
});
