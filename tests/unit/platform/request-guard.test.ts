import { bodyLimitFor, checkFormBody, checkUrl, FORM_BODY_LIMIT_BYTES, routedPath } from "../../../server/request-guard";
import { MAX_FILE_BYTES } from "~/modules/imports/limits";

const bytes = (text: string) => Buffer.from(text, "utf8") as Buffer<ArrayBuffer>;

describe("the request guard", () => {
  it("routes on the path Remix will see: dot segments, encoded dots and backslashes resolved", () => {
    expect(routedPath("/api/../locale")).toBe("/locale");
    expect(routedPath("/api/%2e%2e/locale?x=1")).toBe("/locale");
    expect(routedPath("/api\\..\\locale")).toBe("/locale");
    expect(routedPath("/api/v1/departures")).toBe("/api/v1/departures");
  });

  it("refuses a NUL in the path or in any query name or value, encoded or with +", () => {
    expect(checkUrl("/admin/departures?q=%00")).toEqual({ ok: false, refusal: "nulCharacter" });
    expect(checkUrl("/admin/departures?%00=x")).toEqual({ ok: false, refusal: "nulCharacter" });
    expect(checkUrl("/exit/survey/a%00b")).toEqual({ ok: false, refusal: "nulCharacter" });
    expect(checkUrl("/x/%zz%00")).toEqual({ ok: false, refusal: "nulCharacter" });
    expect(checkUrl("/admin/departures?q=ada+lovelace&page=2")).toEqual({ ok: true });
    expect(checkUrl("/x?q=%")).toEqual({ ok: true });
  });

  it("accepts forms that parse, refuses other types, broken forms and NUL in a text field but not in a file", async () => {
    expect(await checkFormBody("application/x-www-form-urlencoded", bytes("a=1&b=%E9"))).toEqual({ ok: true });
    expect(await checkFormBody(undefined, bytes(""))).toEqual({ ok: true });
    expect(await checkFormBody(undefined, bytes("a=1"))).toEqual({ ok: false, refusal: "unsupportedMediaType" });
    expect(await checkFormBody("application/json", bytes("{}"))).toEqual({ ok: false, refusal: "unsupportedMediaType" });
    expect(await checkFormBody("multipart/form-data; boundary=x", bytes("--x\r\nbroken"))).toEqual({ ok: false, refusal: "malformedBody" });
    expect(await checkFormBody("application/x-www-form-urlencoded", bytes("a=%00"))).toEqual({ ok: false, refusal: "nulCharacter" });
    const withFile = new FormData();
    withFile.set("note", "fine");
    withFile.set("file", new Blob(["a\u0000b"]), "data.csv");
    const request = new Request("http://x/", { method: "POST", body: withFile });
    const body = Buffer.from(await request.arrayBuffer()) as Buffer<ArrayBuffer>;
    expect(await checkFormBody(request.headers.get("content-type") ?? undefined, body)).toEqual({ ok: true });
  });

  it("allows 1 MiB by default and the CSV upload its file limit", () => {
    expect(bodyLimitFor("/login")).toBe(FORM_BODY_LIMIT_BYTES);
    expect(bodyLimitFor("/admin/departures/import")).toBeGreaterThan(MAX_FILE_BYTES);
    expect(bodyLimitFor("/admin/departures/import/other")).toBe(FORM_BODY_LIMIT_BYTES);
  });
});
