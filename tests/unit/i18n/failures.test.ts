import { parseWithZod } from "@conform-to/zod/v4";
import { z } from "zod";
import enFailures from "~/locales/en/failures.json";
import frFailures from "~/locales/fr/failures.json";
import { failureReply, failureStatus } from "~/modules/i18n/failure-reply.server";
import { failureText } from "~/modules/i18n/failure-text";
import { day, DomainFailure, errorLogFields, groupFailures, isDomainFailure, type Failure } from "~/utils/failures";

function leafKeys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string" ? [`${prefix}${key}`] : leafKeys(value as object, `${prefix}${key}.`),
  );
}

describe("failure messages (ADR 013)", () => {
  it("has a French message for every English failure code and no French code without an English one", () => {
    expect(leafKeys(frFailures).sort()).toEqual(leafKeys(enFailures).sort());
  });

  it("reads a failure's message in the reader's language", () => {
    const failure: Failure = { code: "common.notFound" };
    expect(failureText(failure, "en")).toMatch(/no longer exists/);
    expect(failureText(failure, "fr")).toMatch(/n’existe plus/);
  });
});

describe("DomainFailure", () => {
  it("carries codes, fields and values, and says only codes in its message (logs never hold a sentence)", () => {
    const failure = DomainFailure.invalid("lastWorkingDay", "common.notFound", { notice: day("2027-01-03") });
    expect(isDomainFailure(failure)).toBe(true);
    expect(failure.kind).toBe("invalid");
    expect(failure.code).toBe("common.notFound");
    expect(failure.failures).toEqual([{ code: "common.notFound", field: "lastWorkingDay", values: { notice: { day: "2027-01-03" } } }]);
    expect(failure.message).toBe("lastWorkingDay: common.notFound");
    expect(isDomainFailure(new Error("x"))).toBe(false);
  });

  it("is logged by jobs as its kind and codes, any other error as itself", () => {
    const refusal = DomainFailure.refused("common.notFound", { id: "x" });
    expect(errorLogFields(refusal)).toEqual({ kind: "refused", failures: [{ code: "common.notFound", values: { id: "x" } }] });
    const crash = new Error("connection reset");
    expect(errorLogFields(crash)).toEqual({ err: crash });
  });

  it("groups failures by field and keeps those about the whole form apart", () => {
    const grouped = groupFailures(
      [
        { code: "common.notFound", field: "a" },
        { code: "common.notFound", field: "a" },
        { code: "common.notFound" },
      ],
      (f) => f.code,
    );
    expect(grouped).toEqual({ fieldErrors: { a: ["common.notFound", "common.notFound"] }, formErrors: ["common.notFound"] });
  });

  it("becomes a conform reply with the message beside its field, in the reader's language, and a status by kind", () => {
    const formData = new FormData();
    formData.set("name", "Ada");
    const submission = parseWithZod(formData, { schema: z.object({ name: z.string() }) });
    const reply = failureReply(submission, DomainFailure.conflict("name", "common.notFound"), "fr");
    expect(reply.error).toEqual({ name: [expect.stringMatching(/n’existe plus/)] });
    expect(failureStatus(DomainFailure.conflict("name", "common.notFound"))).toBe(400);
    expect(failureStatus(DomainFailure.notFound("common.notFound"))).toBe(404);
  });
});
