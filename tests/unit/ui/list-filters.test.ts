import { z } from "zod";
import { pageHref } from "~/utils/query-params";
import { parseQuery, queryValue, wholeNumberParam } from "~/utils/query-params";

describe("a paged list's links", () => {
  it("keep the list's filters and change only the page", () => {
    expect(pageHref("/admin/departures", "?status=planned&q=Sam&page=2", 3)).toBe("/admin/departures?status=planned&q=Sam&page=3");
  });

  it("leave the page out for the first page", () => {
    expect(pageHref("/admin/responses", "?department=abc&page=2", 1)).toBe("/admin/responses?department=abc");
    expect(pageHref("/admin/responses", "?page=2", 1)).toBe("/admin/responses");
  });
});

describe("reading a list's query string", () => {
  const schema = z.object({ page: wholeNumberParam("Choose a page from 1 to 10.", 1, 10).default(1), q: z.string().max(3, { error: "Too long." }).optional() });

  it("reads a blank field, as a GET form sends it, as no value", () => {
    const params = new URLSearchParams("page=+&q=");
    expect(queryValue(params, "page")).toBeUndefined();
    expect(parseQuery(schema, { page: queryValue(params, "page"), q: queryValue(params, "q") })).toEqual({ success: true, data: { page: 1 } });
  });

  it("reports each bad parameter once under its name, whatever made it wrong", () => {
    expect(parseQuery(schema, { page: "0.5", q: "long" })).toEqual({
      success: false,
      errors: { page: ["Choose a page from 1 to 10."], q: ["Too long."] },
    });
    expect(parseQuery(schema, { page: "99" })).toEqual({ success: false, errors: { page: ["Choose a page from 1 to 10."] } });
  });
});
