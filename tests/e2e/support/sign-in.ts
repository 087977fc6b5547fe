import type { Page } from "playwright-core";
import enAuth from "~/locales/en/auth.json";
import type { FakeResend } from "../../fakes/resend";
import { expectPath, expectVisible } from "./browser";

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

/**
 * An alumnus's or leaver's sign-in by link, as the journeys do it: asks for a link on /login/link,
 * reads it from the fake Resend, confirms it (a GET of the link only shows the button), and waits
 * until the browser lands on `landing`.
 */
export async function signInWithMagicLink(
  target: Page,
  portal: { url: string; fakeResend: Pick<FakeResend, "waitForEmail" | "linksIn"> },
  email: string,
  landing: string | RegExp,
) {
  await target.goto(`${portal.url}/login/link`);
  await target.getByRole("main").getByLabel(enAuth.link.email).fill(email);
  await target.getByRole("main").getByRole("button", { name: enAuth.link.submit }).click();
  await expectVisible(target.getByRole("main").getByRole("heading", { name: enAuth.link.sentTitle }));
  const message = await portal.fakeResend.waitForEmail(email, { subject: /sign-in link/i, timeoutMs: 20_000 });
  const link = portal.fakeResend.linksIn(message).find((href) => href.includes("/login/magic/"));
  if (!link) throw new Error(`The sign-in email to ${email} has no /login/magic/ link`);
  await target.goto(link);
  await target.getByRole("main").getByRole("button", { name: enAuth.magic.submit }).click();
  await expectPath(target, landing);
}
