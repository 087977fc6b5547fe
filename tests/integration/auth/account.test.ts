import { loader } from "~/routes/account";
import { testDb, useTestDatabase } from "../../support/database";
import { buildRequest, callLoader, loaderData } from "../../support/remix";
import { createUser, signIn } from "../../factories";

useTestDatabase();

describe("the account page", () => {
  it("lists the user's live sessions, marks the current one, and hides other people's", async () => {
    const user = await createUser({ role: "alumnus", email: "alex@example.net" });
    const other = await createUser({ role: "alumnus" });
    await signIn(user);
    const here = await signIn(user);
    await signIn(other);

    const response = await callLoader(loader, buildRequest("/account", { cookie: here }));
    expect(response.status).toBe(200);
    const data = await loaderData<typeof loader>(response);
    expect(data.user).toMatchObject({ email: "alex@example.net", role: "alumnus" });
    expect(data.sessions).toHaveLength(2);
    expect(data.sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it("leaves out expired sessions", async () => {
    const user = await createUser({ role: "hr_admin" });
    const here = await signIn(user);
    const stale = await signIn(user);
    const { hashToken } = await import("~/modules/auth/tokens.server");
    await testDb()
      .updateTable("sessions")
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where("id", "=", hashToken(stale.split("=")[1]!))
      .execute();
    const data = await loaderData<typeof loader>(await callLoader(loader, buildRequest("/account", { cookie: here })));
    expect(data.sessions).toHaveLength(1);
  });

  it("sends an anonymous visitor to sign in and back", async () => {
    const response = await callLoader(loader, buildRequest("/account"));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/login?redirectTo=%2Faccount");
  });
});
