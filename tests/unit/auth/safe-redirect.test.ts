import { homePathFor, safeRedirectPath } from "~/modules/auth/session.server";

const FALLBACK = "/tasks";

describe("safeRedirectPath", () => {
  it.each([
    "/admin",
    "/admin/people?invited=1",
    "/alumni/feed#latest",
    "/exit/survey?step=2&lang=fr",
  ])("keeps the on-site path %s", (path) => {
    expect(safeRedirectPath(path, FALLBACK)).toBe(path);
  });

  it.each([
    ["a protocol-relative URL", "//evil.com"],
    ["a protocol-relative URL with a path", "//evil.com/admin"],
    ["a backslash that browsers read as a slash", "/\\evil.com"],
    ["a backslash later in the path", "/admin\\..\\\\evil.com"],
    ["an absolute https URL", "https://evil.com"],
    ["an absolute http URL", "http://evil.com/login"],
    ["a scheme without slashes", "https:evil.com"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a javascript: URL in capitals", "JAVASCRIPT:alert(1)"],
    ["a data: URL", "data:text/html,<script>alert(1)</script>"],
    ["a relative path", "admin"],
    ["a leading space before //", " //evil.com"],
    ["an encoded double slash without a leading slash", "%2F%2Fevil.com"],
    ["dot segments that collapse into //", "/..//evil.com"],
    ["a single dot segment that collapses into //", "/.//evil.com"],
    ["encoded dot segments that collapse into //", "/%2e%2e//evil.com"],
    ["a segment then .. that collapse into //", "/a/..//evil.com"],
    ["a tab inside the slashes", "/\t/evil.com"],
    ["a newline (header injection)", "/admin\r\nSet-Cookie: x=1"],
    ["a NUL character", "/admin\u0000"],
    ["a DEL character", "/admin\u007f"],
    ["an empty string", ""],
    ["a path over 2000 characters", `/${"a".repeat(2001)}`],
  ])("refuses %s", (_what, target) => {
    expect(safeRedirectPath(target, FALLBACK)).toBe(FALLBACK);
  });

  it.each([undefined, null, 42, ["/admin"], { path: "/admin" }])("refuses the non-string %j", (target) => {
    expect(safeRedirectPath(target, FALLBACK)).toBe(FALLBACK);
  });

  it.each(["/%2F%2Fevil.com", "/%5Cevil.com", "/%2f/evil.com"])(
    "keeps the encoded %s as a path on this site, which a browser cannot read as another host",
    (target) => {
      const result = safeRedirectPath(target, FALLBACK);
      expect(result.startsWith("/")).toBe(true);
      expect(result.startsWith("//")).toBe(false);
      expect(new URL(result, "https://portal.example").origin).toBe("https://portal.example");
    },
  );

  it("uses / when no fallback is given", () => {
    expect(safeRedirectPath("//evil.com")).toBe("/");
  });
});

describe("homePathFor", () => {
  it("sends each role to its own home", () => {
    expect(homePathFor("hr_admin")).toBe("/admin");
    expect(homePathFor("task_owner")).toBe("/tasks");
    expect(homePathFor("leaver")).toBe("/exit");
    expect(homePathFor("alumnus")).toBe("/alumni");
  });
});
