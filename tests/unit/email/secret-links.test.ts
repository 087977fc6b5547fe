import { readdirSync } from "node:fs";
import { z } from "zod";
import type { EmailChrome } from "../../../emails/components/translate";
import {
  EMAIL_TEMPLATE_NAMES,
  emailTemplates,
  renderEmailCopies,
  secretLinkProps,
  type EmailTemplate,
  type EmailTemplateName,
} from "~/modules/email/templates.server";

/**
 * The registry's `links` declarations checked against what the templates really render: a template
 * that links to a route taking a token must declare that link secret, and its stored copy must then
 * hold no such link. The type checks that every `…Url` prop is declared; this catches the rest
 * (a token link built from another prop, or a `url` wrongly declared "public").
 */

/** The paths of the routes whose URL carries a token, from the route files: `set-password.$token.tsx` → "/set-password/". */
function tokenRoutePaths(): string[] {
  return readdirSync("app/routes")
    .map((file) => file.replace(/\.tsx?$/, "").split("."))
    .filter((segments) => segments.includes("$token"))
    .map((segments) => `/${segments.slice(0, segments.indexOf("$token")).map((s) => s.replace(/_$/, "")).join("/")}/`);
}

function urlsIn(content: { html: string; text: string }): string[] {
  const html = content.html.replace(/&amp;/g, "&");
  return [...`${html}\n${content.text}`.matchAll(/https?:\/\/[^\s"'<>]+/g)].map((m) => m[0]);
}

function previewPropsOf(name: EmailTemplateName): Record<string, unknown> {
  const component = emailTemplates[name].component as unknown as { PreviewProps?: Record<string, unknown> & { chrome?: EmailChrome } };
  expect(component.PreviewProps, `${name} has PreviewProps`).toBeDefined();
  const { chrome: _chrome, ...props } = component.PreviewProps!;
  return props;
}

const TOKEN_ROUTES = tokenRoutePaths();

describe("secret links in email templates", () => {
  it("finds every route that takes a token in its address", () => {
    expect(TOKEN_ROUTES.sort()).toEqual(["/alumni/data/download/", "/confirm-email/", "/email-preferences/", "/exit/link/", "/login/magic/", "/pulse/", "/set-password/", "/unsubscribe/"]);
  });

  it.each(EMAIL_TEMPLATE_NAMES)("%s: every link to a token route is a declared secret, and none is in the stored copy", async (name) => {
    const props = previewPropsOf(name);
    const copies = await renderEmailCopies(name, props as never, "en", { removeSecretLinks: true });
    const secretValues = secretLinkProps(name).map((prop) => props[prop]);
    const tokenLinks = (urls: string[]) => urls.filter((url) => TOKEN_ROUTES.some((path) => new URL(url).pathname.startsWith(path)));

    // A template may add a query to a secret link (the pulse's `?score=N`): it is still that secret.
    for (const link of tokenLinks(urlsIn(copies.deliverable))) expect(secretValues, `${name} links to ${link}`).toContain(link.split("?")[0]);
    expect(tokenLinks(urlsIn(copies.stored))).toEqual([]);
    for (const value of secretValues) {
      expect(urlsIn(copies.deliverable), `${name} sends its secret link`).toContain(value);
      expect(copies.stored.html).not.toContain(String(value));
      expect(copies.stored.text).not.toContain(String(value));
    }
    if (secretValues.length > 0) {
      expect(copies.linksRemoved).toBe(true);
      expect(copies.stored.text).toContain("[link removed from the stored copy]");
      expect(copies.stored.html).toContain("[link removed from the stored copy]");
      expect(copies.stored.html).not.toContain("link-removed.invalid");
    } else {
      expect(copies.stored).toEqual(copies.deliverable);
    }
  });

  it("cannot register a template whose url, link or token prop is not declared (checked by tsc)", () => {
    const schema = z.object({ resetToken: z.string(), accountUrl: z.url().optional(), newLink: z.boolean(), name: z.string() });
    const base = { schema, audience: "staff" as const, subject: () => "", component: () => null as never };
    // @ts-expect-error resetToken and accountUrl are not declared
    const undeclared: EmailTemplate<typeof schema> = { ...base, links: {} };
    const declared: EmailTemplate<typeof schema> = { ...base, links: { resetToken: "secret", accountUrl: "public" } };
    expect(Object.keys(declared.links)).toEqual(["resetToken", "accountUrl"]);
    expect(undeclared.links).toEqual({});
  });

  it("keeps everything but the link in the stored copy, in the email's language", async () => {
    const url = "https://alumni.example.test/confirm-email/abcdefghijklmnopqrstuvwxyz234567?from=exit&step=2";
    const copies = await renderEmailCopies("alumni-confirm-email", { url, name: "Sam", expiresInDays: 7 }, "fr", { removeSecretLinks: true });
    expect(copies.deliverable.html).toContain(url.replace("&", "&amp;"));
    expect(copies.stored.text).toBe(copies.deliverable.text.split(url).join("[lien retiré de la copie conservée]"));
    expect(copies.stored.html).not.toContain("abcdefghijklmnopqrstuvwxyz234567");
  });

  it("stores the email as sent when asked to keep its links (the local outbox)", async () => {
    const copies = await renderEmailCopies("magic-link", previewPropsOf("magic-link") as never, "en", { removeSecretLinks: false });
    expect(copies.linksRemoved).toBe(false);
    expect(copies.stored).toBe(copies.deliverable);
  });
});
