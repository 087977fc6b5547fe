import { parseAudience } from "~/modules/newsletter/audience";
import { retryAfterSeconds } from "~/modules/email/deliver.server";

describe("the audience filter", () => {
  it("accepts an empty filter and every narrowing it knows", () => {
    expect(parseAudience({}).success).toBe(true);
    expect(parseAudience(null).data).toEqual({});
    const full = { departmentIds: ["4f0c1e34-3b5e-4a8b-9a57-2c6f9d7f1a10"], leavingYears: [2024, 2025], segment: "nonSharers" };
    expect(parseAudience(full).data).toEqual(full);
  });

  it("refuses what it does not know, naming the field", () => {
    expect(parseAudience({ departmentIds: ["engineering"] }).error?.issues[0]?.path).toEqual(["departmentIds", 0]);
    expect(parseAudience({ leavingYears: [2024.5] }).error?.issues[0]?.path).toEqual(["leavingYears", 0]);
    expect(parseAudience({ segment: "ambassadors" }).error?.issues[0]?.path).toEqual(["segment"]);
    expect(parseAudience({ country: "FR" }).success).toBe(false);
  });
});

describe("retry-after", () => {
  it("reads whole seconds from the provider's answer and ignores what is not a number", () => {
    expect(retryAfterSeconds({ "retry-after": "2" })).toBe(2);
    expect(retryAfterSeconds({ "retry-after": "soon" })).toBeNull();
    expect(retryAfterSeconds({})).toBeNull();
    expect(retryAfterSeconds(null)).toBeNull();
  });
});
