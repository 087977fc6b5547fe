import { handleApiRequest } from "~/modules/integrations/api.server";
import { failureProblem, PROBLEM_CONTENT_TYPE } from "~/modules/integrations/problems";
import { failureText } from "~/modules/i18n/failure-text";
import { DomainFailure } from "~/utils/failures";

/** A public API resource whose GET throws `error`, called as Remix would. */
function answerOf(error: unknown): Promise<Response> {
  return handleApiRequest(
    { request: new Request("http://localhost/api/v1/test"), params: {}, context: { requestId: "req-1" } as never },
    { public: true, methods: { GET: () => Promise.reject(error) } },
  );
}

describe("the API edge of domain refusals (ADR 013)", () => {
  const english = failureText({ code: "common.notFound" }, "en");

  it.each([
    ["invalid", DomainFailure.invalid("lastDay", "common.notFound"), 422],
    ["notFound", DomainFailure.notFound("common.notFound"), 404],
    ["conflict", DomainFailure.conflict(undefined, "common.notFound"), 409],
    ["refused", DomainFailure.refused("common.notFound"), 409],
  ])("answers a %s refusal with its status, the code as type and the English message as detail", async (_kind, failure, status) => {
    const response = await answerOf(failure);
    expect(response.status).toBe(status);
    expect(response.headers.get("Content-Type")).toBe(PROBLEM_CONTENT_TYPE);
    const problem = (await response.json()) as Record<string, unknown>;
    expect(problem).toMatchObject({ type: "/api/docs#failure-common.notFound", status, detail: english });
  });

  it("lists each failure about a field at the API body's JSON Pointer, with its code", () => {
    const failure = new DomainFailure("invalid", [
      { code: "common.notFound", field: "employeeEmail" },
      { code: "common.notFound", field: "lastDay" },
      { code: "common.notFound" },
    ]);
    const problem = failureProblem(failure, (field) => (field === "employeeEmail" ? "/employee/email" : `/${field}`)).toDocument();
    expect(problem.errors).toEqual([
      { pointer: "/employee/email", code: "common.notFound", detail: english },
      { pointer: "/lastDay", code: "common.notFound", detail: english },
    ]);
    expect(problem.title).toBe("Invalid fields");
  });

  it("maps the offboarding form's field names to the API's pointers when it answers", async () => {
    const response = await answerOf(DomainFailure.invalid("employeeEmail", "common.notFound"));
    const problem = (await response.json()) as { errors: Array<{ pointer: string }> };
    expect(problem.errors).toEqual([expect.objectContaining({ pointer: "/employee/email" })]);
  });

  it("still answers anything else with a 500 that names the request id", async () => {
    const response = await answerOf(new Error("boom"));
    expect(response.status).toBe(500);
    expect(((await response.json()) as { detail: string }).detail).toMatch(/req-1/);
  });
});
