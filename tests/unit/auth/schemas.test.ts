import {
  EMAIL_MAX_LENGTH,
  inviteStaffSchema,
  magicLinkRequestSchema,
  passwordSignInSchema,
  setPasswordSchema,
} from "~/modules/auth/schemas";
import enAuth from "~/locales/en/auth.json";
import frAuth from "~/locales/fr/auth.json";
import type { Translate } from "~/modules/i18n/translator";

/** Returns the key and its options, so tests check which message was chosen. */
const keyed: Translate = (key, options) => (options ? `${key} ${JSON.stringify(options)}` : key);

function issuesOf(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return Object.fromEntries((result.error?.issues ?? []).map((issue) => [issue.path.join("."), issue.message]));
}

describe("the email field", () => {
  const schema = magicLinkRequestSchema(keyed);

  it("accepts an address and trims the spaces around it", () => {
    expect(schema.parse({ email: "  ada@example.com " }).email).toBe("ada@example.com");
  });

  it("names the missing address", () => {
    expect(issuesOf(schema.safeParse({}))).toEqual({ email: "validation.emailRequired" });
    expect(issuesOf(schema.safeParse({ email: "   " }))).toEqual({ email: "validation.emailRequired" });
  });

  it("asks for an address like name@example.com when the format is wrong", () => {
    expect(issuesOf(schema.safeParse({ email: "ada.example.com" }))).toEqual({ email: "validation.emailInvalid" });
  });

  it("answers a 10,000-character address with the length message only", () => {
    const result = schema.safeParse({ email: `${"a".repeat(10_000)}@example.com` });
    expect(result.error?.issues).toHaveLength(1);
    expect(issuesOf(result)).toEqual({ email: `validation.emailTooLong {"max":${EMAIL_MAX_LENGTH}}` });
  });

  it("accepts an address of exactly 254 characters", () => {
    const email = `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(email).toHaveLength(254);
    expect(schema.safeParse({ email }).success).toBe(true);
  });
});

describe("passwordSignInSchema", () => {
  it("names both missing fields", () => {
    expect(issuesOf(passwordSignInSchema(keyed).safeParse({}))).toEqual({
      email: "validation.emailRequired",
      password: "validation.passwordRequired",
    });
  });

  it("refuses a password longer than 256 characters before it reaches argon2", () => {
    const result = passwordSignInSchema(keyed).safeParse({ email: "a@example.com", password: "x".repeat(257) });
    expect(issuesOf(result)).toEqual({ password: 'validation.passwordTooLong {"max":256}' });
  });
});

describe("setPasswordSchema", () => {
  it("asks for at least 10 characters", () => {
    const result = setPasswordSchema(keyed).safeParse({ password: "short", confirmPassword: "short" });
    expect(issuesOf(result)).toEqual({ password: 'validation.passwordTooShort {"min":10}' });
  });

  it("puts a mismatch on the confirmation field", () => {
    const result = setPasswordSchema(keyed).safeParse({ password: "long enough 1", confirmPassword: "long enough 2" });
    expect(issuesOf(result)).toEqual({ confirmPassword: "validation.passwordsDoNotMatch" });
  });
});

describe("inviteStaffSchema", () => {
  it("accepts only the staff roles", () => {
    const base = { name: "Grace", email: "grace@example.com" };
    expect(inviteStaffSchema(keyed).safeParse({ ...base, role: "task_owner" }).success).toBe(true);
    expect(inviteStaffSchema(keyed).safeParse({ ...base, role: "hr_admin" }).success).toBe(true);
    for (const role of ["alumnus", "leaver", "superuser", ""]) {
      expect(issuesOf(inviteStaffSchema(keyed).safeParse({ ...base, role }))).toEqual({ role: "validation.roleInvalid" });
    }
  });
});

describe("the auth translations", () => {
  function keysOf(value: unknown, prefix = ""): string[] {
    if (typeof value !== "object" || value === null) return [prefix];
    return Object.entries(value).flatMap(([key, nested]) => keysOf(nested, prefix ? `${prefix}.${key}` : key));
  }

  it("has every English key in French and no French key missing from English", () => {
    expect(keysOf(frAuth).sort()).toEqual(keysOf(enAuth).sort());
  });

  it("has a message for every key the schemas use", () => {
    const used = new Set<string>();
    const collect: Translate = (key) => {
      used.add(key);
      return key;
    };
    passwordSignInSchema(collect);
    magicLinkRequestSchema(collect);
    setPasswordSchema(collect);
    inviteStaffSchema(collect);
    const known = new Set(keysOf(enAuth));
    for (const key of used) expect(known, key).toContain(key);
  });
});
