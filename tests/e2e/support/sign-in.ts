import type { Page } from "playwright-core";
import enAuth from "~/locales/en/auth.json";
import { expectPath } from "./browser";

/**
 * Staff sign-in with the password form, as the journeys do it. The page must be showing /login (in
 * English); resolves once the server has answered the POST, whatever it answered.
 */
export async function submitPasswordSignIn(target: Page, email: string, password: string) {
  const form = target.getByRole("main");
  await form.getByLabel(enAuth.login.email).fill(email);
  await form.getByLabel(enAuth.login.password, { exact: true }).fill(password);
  const answered = target.waitForResponse((response) => response.request().method() === "POST" && new URL(response.url()).pathname === "/login");
  await form.getByRole("button", { name: enAuth.login.submit }).click();
  await answered;
}

/** Opens the portal's sign-in page, signs in and waits until the browser lands on `landing`. */
export async function signInWithPassword(target: Page, portalUrl: string, credentials: { email: string; password: string }, landing: string | RegExp) {
  await target.goto(`${portalUrl}/login`);
  await submitPasswordSignIn(target, credentials.email, credentials.password);
  await expectPath(target, landing);
}
