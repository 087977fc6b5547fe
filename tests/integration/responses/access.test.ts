import type { LoaderFunctionArgs } from "@remix-run/node";
import { loader as departureLoader } from "~/routes/admin.departures.$departureId/route";
import { loader as responseLoader } from "~/routes/admin.responses.$responseId";
import { loader as listLoader } from "~/routes/admin.responses._index";
import { useTestDatabase } from "../../support/database";
import { buildRequest, callLoader } from "../../support/remix";
import { auditRows } from "./helpers";
import { createInvitation, createResponse, createSurvey, createUser, installDefaultsWithoutSurveys, makeDepartureWithoutInvitation, signIn } from "../../factories";

useTestDatabase();

interface Page {
  path: string;
  params: Record<string, string>;
  loader: (args: LoaderFunctionArgs) => unknown;
}

/** Every page that shows exit-flow progress or answers, with a real finished confidential response. */
async function scene() {
  await installDefaultsWithoutSurveys();
  const { survey, version } = await createSurvey({ confidentiality: "confidential" });
  const departure = await makeDepartureWithoutInvitation();
  const invitation = await createInvitation(departure.id, version.id, { status: "finished" });
  const response = await createResponse({ surveyId: survey.id, surveyVersionId: version.id, confidentiality: "confidential", invitationId: invitation.id });
  const pages: Page[] = [
    { path: "/admin/responses", params: {}, loader: listLoader },
    { path: `/admin/responses/${response.id}`, params: { responseId: response.id }, loader: responseLoader },
    { path: `/admin/departures/${departure.id}`, params: { departureId: departure.id }, loader: departureLoader },
  ];
  return { departure, pages };
}

describe("who may see exit-flow progress and answers", () => {
  it("refuses task owners, leavers (the answering leaver included) and alumni with 403 on every page, recording no reading", async () => {
    const { departure, pages } = await scene();
    const visitors = [
      await createUser({ role: "task_owner" }),
      await createUser({ role: "leaver" }),
      { id: departure.leaver_user_id, role: "leaver" as const },
      await createUser({ role: "alumnus" }),
    ];
    for (const visitor of visitors) {
      const cookie = await signIn(visitor);
      for (const page of pages) {
        const response = await callLoader(page.loader, buildRequest(page.path, { cookie }), page.params);
        expect(response.status, `${visitor.role} on ${page.path}`).toBe(403);
      }
    }
    expect(await auditRows("survey.response_viewed")).toHaveLength(0);
  });

  it("sends anonymous visitors to sign in", async () => {
    const { pages } = await scene();
    for (const page of pages) {
      const response = await callLoader(page.loader, buildRequest(page.path), page.params);
      expect(response.status, page.path).toBe(302);
      expect(response.headers.get("Location"), page.path).toMatch(/^\/login\?redirectTo=/);
    }
  });

  it("lets HR admins open every page", async () => {
    const { pages } = await scene();
    const cookie = await signIn(await createUser({ role: "hr_admin" }));
    for (const page of pages) {
      const response = await callLoader(page.loader, buildRequest(page.path, { cookie }), page.params);
      expect(response.status, page.path).toBe(200);
    }
  });
});
