import { openEmailContent, sealEmailContent } from "~/modules/email/sealed-content.server";
import { resetEnvCache } from "~/utils/env.server";

const content = { html: '<a href="https://alumni.example.test/login/magic/abcdefghijklmnopqrstuvwxyz234567">Sign in</a>', text: "Sign in https://alumni.example.test/login/magic/abcdefghijklmnopqrstuvwxyz234567" };
const binding = { emailId: "0b8f5c2e-4c7a-4d59-9a57-3f0f3f8f1a11", to: "ada@example.test" };

const savedSecret = process.env.APP_SECRET;
afterEach(() => {
  if (savedSecret === undefined) delete process.env.APP_SECRET;
  else process.env.APP_SECRET = savedSecret;
  resetEnvCache();
});

describe("sealed email content", () => {
  it("opens for the same email and recipient, and its text holds neither the link nor the token", () => {
    const sealed = sealEmailContent(content, binding);
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("abcdefghijklmnopqrstuvwxyz234567");
    expect(openEmailContent(sealed, binding)).toEqual(content);
    expect(openEmailContent(sealed, { ...binding, to: "ADA@example.test" })).toEqual(content);
    expect(sealEmailContent(content, binding)).not.toBe(sealed);
  });

  it("does not open for another email or another recipient (a sealed body moved or a queued row redirected)", () => {
    const sealed = sealEmailContent(content, binding);
    expect(openEmailContent(sealed, { ...binding, emailId: "5d7d3f4e-1b2c-4a3b-8c9d-0e1f2a3b4c5d" })).toBeNull();
    expect(openEmailContent(sealed, { ...binding, to: "mallory@example.test" })).toBeNull();
  });

  it("does not open once altered, or under another APP_SECRET", () => {
    const sealed = sealEmailContent(content, binding);
    const [version, iv, tag, ciphertext] = sealed.split(".");
    const flipped = Buffer.from(ciphertext!, "base64url");
    flipped[0] = flipped[0]! ^ 1;
    expect(openEmailContent([version, iv, tag, flipped.toString("base64url")].join("."), binding)).toBeNull();
    expect(openEmailContent("not sealed", binding)).toBeNull();

    process.env.APP_SECRET = "another-secret-of-at-least-32-characters";
    resetEnvCache();
    expect(openEmailContent(sealed, binding)).toBeNull();
  });
});
