import { randomBytes } from "node:crypto";
import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import type { z } from "zod";
import AlumniConfirmEmail, { alumniConfirmEmailPropsSchema } from "../../../emails/alumni-confirm-email";
import AmbassadorInvitationEmail, { ambassadorInvitationPropsSchema } from "../../../emails/ambassador-invitation";
import DataExportReadyEmail, { dataExportReadyPropsSchema } from "../../../emails/data-export-ready";
import ExitInvitationEmail, { exitInvitationPropsSchema } from "../../../emails/exit-invitation";
import ExitReminderEmail, { exitReminderPropsSchema } from "../../../emails/exit-reminder";
import MagicLinkEmail, { magicLinkPropsSchema } from "../../../emails/magic-link";
import NewsletterEmail, { newsletterEmailPropsSchema } from "../../../emails/newsletter";
import PulseEmail, { pulseEmailPropsSchema } from "../../../emails/pulse";
import StaffInvitationEmail, { staffInvitationPropsSchema } from "../../../emails/staff-invitation";
import TaskDigestEmail, { taskDigestPropsSchema, taskDigestTotal } from "../../../emails/task-digest";
import TaskEscalationEmail, { taskEscalationPropsSchema } from "../../../emails/task-escalation";
import { bindEmailT, type EmailChrome, type EmailLocale, type EmailT } from "../../../emails/components/translate";
import { getFixedT } from "~/modules/i18n/i18n.server";
import { getAppUrl, getEnv } from "~/utils/env.server";
import { emailInputFailure, unknownTemplateFailure } from "./errors";

/**
 * How a link prop is kept: "secret" links carry a token (sign-in, set password, exit flow,
 * confirmation) and exist in usable form only in the email that is delivered; the stored copy shows
 * a placeholder instead. "public" links (the inbox, a departure page) need a session anyway.
 */
export type LinkKind = "secret" | "public";

/**
 * The top-level string props whose name ends in "url", "link" or "token" (any case): each must be
 * declared in `links`, so that a new template cannot carry a token without saying whether it is one.
 */
export type LinkPropName<Props> = {
  [K in keyof Props]-?: K extends string
    ? Props[K] extends string | null | undefined
      ? Lowercase<K> extends `${string}url` | `${string}link` | `${string}token`
        ? K
        : never
      : never
    : never;
}[keyof Props];

/**
 * Every email the portal sends, by name. A template is its props schema, its subject, its component
 * and the kind of each of its links together: the type makes it impossible to register one without a
 * subject, or with a `…Url` prop that does not say whether it is secret (tests/unit/email/secret-links.test.ts
 * also checks the rendered links against the routes that take a token).
 */
/**
 * Who a template is written to. Every "alumni" email (alumni, and leavers who may become one) carries
 * the signed "Manage your email preferences" link in its footer (docs/decisions/032): sendEmail adds
 * it from the recipient's user id (tests/integration/email/preferences-footer.test.ts checks that the
 * senders pass one).
 */
export type EmailAudience = "alumni" | "leavers" | "staff";

export interface EmailTemplate<Schema extends z.ZodType = z.ZodType> {
  schema: Schema;
  audience: EmailAudience;
  subject: (t: EmailT, props: z.output<Schema>) => string;
  component: (props: z.output<Schema> & { chrome: EmailChrome }) => ReactElement;
  links: { readonly [K in LinkPropName<z.output<Schema>>]: LinkKind };
}

function defineEmailTemplate<Schema extends z.ZodType>(template: EmailTemplate<Schema>): EmailTemplate<Schema> {
  return template;
}

export const emailTemplates = {
  "magic-link": defineEmailTemplate({
    audience: "alumni",
    schema: magicLinkPropsSchema,
    subject: (t) => t("magicLink.subject"),
    component: MagicLinkEmail,
    links: { url: "secret" },
  }),
  "staff-invitation": defineEmailTemplate({
    audience: "staff",
    schema: staffInvitationPropsSchema,
    subject: (t, props) =>
      props.inviterName
        ? t("staffInvitation.subject", { inviter: props.inviterName })
        : t("staffInvitation.subjectNoInviter"),
    component: StaffInvitationEmail,
    links: { url: "secret" },
  }),
  "task-digest": defineEmailTemplate({
    audience: "staff",
    schema: taskDigestPropsSchema,
    subject: (t, props) =>
      props.overdue.total > 0
        ? t("taskDigest.subjectOverdue", { count: props.overdue.total, total: taskDigestTotal(props) })
        : t("taskDigest.subject", { count: taskDigestTotal(props) }),
    component: TaskDigestEmail,
    links: { inboxUrl: "public", preferencesUrl: "public" },
  }),
  "task-escalation": defineEmailTemplate({
    audience: "staff",
    schema: taskEscalationPropsSchema,
    subject: (t, props) => t("taskEscalation.subject", { count: props.total }),
    component: TaskEscalationEmail,
    links: { departuresUrl: "public" },
  }),
  "exit-invitation": defineEmailTemplate({
    audience: "leavers",
    schema: exitInvitationPropsSchema,
    subject: (t, props) => (props.newLink ? t("exitInvitation.subjectNewLink") : t("exitInvitation.subject")),
    component: ExitInvitationEmail,
    links: { url: "secret" },
  }),
  "exit-reminder": defineEmailTemplate({
    audience: "leavers",
    schema: exitReminderPropsSchema,
    subject: (t) => t("exitReminder.subject"),
    component: ExitReminderEmail,
    links: { url: "secret" },
  }),
  "alumni-confirm-email": defineEmailTemplate({
    audience: "alumni",
    schema: alumniConfirmEmailPropsSchema,
    subject: (t) => t("alumniConfirm.subject"),
    component: AlumniConfirmEmail,
    links: { url: "secret" },
  }),
  /** Once to a promoter who chose invitations to share (app/modules/scoring/routing.server.ts). */
  "ambassador-invitation": defineEmailTemplate({
    audience: "alumni",
    schema: ambassadorInvitationPropsSchema,
    subject: (t) => t("ambassadorInvitation.subject"),
    component: AmbassadorInvitationEmail,
    links: { feedUrl: "public", preferencesUrl: "public" },
  }),
  /** A "Download my data" archive is ready (app/modules/privacy/export-prepare.server.ts); the link also needs the session. */
  "data-export-ready": defineEmailTemplate({
    audience: "alumni",
    schema: dataExportReadyPropsSchema,
    subject: (t) => t("dataExport.subject"),
    component: DataExportReadyEmail,
    links: { url: "secret", pageUrl: "public" },
  }),
  /**
   * "Send me a test" of a newsletter issue (app/modules/newsletter/test-send.server.ts): the issue's
   * template through the transactional path, so it shows in the outbox like other mail. Its
   * unsubscribe link is the preference centre: a test unsubscribes nobody.
   */
  "newsletter-test": defineEmailTemplate({
    audience: "staff",
    schema: newsletterEmailPropsSchema,
    subject: (t, props) => t("newsletter.testSubject", { subject: props.subject }),
    component: NewsletterEmail,
    links: { webUrl: "public", preferencesUrl: "public", unsubscribeUrl: "public" },
  }),
  /**
   * An alumni pulse (app/modules/pulse/send.server.ts): the 0–10 scale as eleven links to the answer
   * page, each `answerUrl` with `?score=N`. The token in `answerUrl` answers as the person.
   */
  pulse: defineEmailTemplate({
    audience: "alumni",
    schema: pulseEmailPropsSchema,
    subject: (t) => t("pulse.subject"),
    component: PulseEmail,
    links: { answerUrl: "secret" },
  }),
} as const;

export type EmailTemplateName = keyof typeof emailTemplates;
export const EMAIL_TEMPLATE_NAMES = Object.keys(emailTemplates) as EmailTemplateName[];

/** The props a caller passes for a template (before the schema's defaults and trimming). */
export type EmailTemplateProps<Name extends EmailTemplateName> = z.input<(typeof emailTemplates)[Name]["schema"]>;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** The templates that carry the preferences link in their footer. */
export function carriesPreferencesLink(name: EmailTemplateName): boolean {
  return emailTemplates[name].audience === "alumni";
}

export function isEmailTemplateName(value: unknown): value is EmailTemplateName {
  return typeof value === "string" && Object.hasOwn(emailTemplates, value);
}

/** Checks the props against the template's schema; throws a DomainFailure naming each bad field. */
export function parseTemplateProps<Name extends EmailTemplateName>(name: Name, props: unknown) {
  const template = emailTemplates[name] as unknown as EmailTemplate;
  const parsed = template.schema.safeParse(props);
  if (!parsed.success) throw emailInputFailure(name, parsed.error, "props");
  return parsed.data;
}

/** The props of a template that are secret links, as declared in the registry. */
export function secretLinkProps(name: EmailTemplateName): string[] {
  const links: Record<string, LinkKind> = emailTemplates[name].links;
  return Object.entries(links)
    .filter(([, kind]) => kind === "secret")
    .map(([prop]) => prop);
}

/** Renders a template in a language: subject, HTML and plain text, with the company's name filled in. */
export async function renderEmail<Name extends EmailTemplateName>(
  name: Name,
  props: EmailTemplateProps<Name>,
  locale: EmailLocale,
  preferencesUrl?: string,
): Promise<RenderedEmail> {
  const { subject, deliverable } = await renderEmailCopies(name, props, locale, { removeSecretLinks: false, preferencesUrl });
  return { subject, ...deliverable };
}

export interface EmailCopies {
  subject: string;
  /** What the recipient gets, secret links included. */
  deliverable: { html: string; text: string };
  /** What the database keeps: the deliverable, or with every secret link replaced by a placeholder. */
  stored: { html: string; text: string };
  /** True when `stored` differs from `deliverable` (the template has secret links and they were removed). */
  linksRemoved: boolean;
}

/** The parts of a link long enough to be a token on their own (path segments, query values). */
function tokenLikeParts(link: string): string[] {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return [];
  }
  return [...url.pathname.split("/"), ...url.searchParams.values()].filter((part) => part.length >= 16);
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const escapeHtml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");

/**
 * Renders the email twice when it has secret links and `removeSecretLinks` is set: once as sent,
 * once for the stored copy. The stored copy is rendered from the same template with each secret
 * prop swapped for a random placeholder address, which is then taken out of the result: its `href`
 * dropped, its text replaced by "[link removed from the stored copy]". No template-specific pattern
 * is involved, and the result is checked: a stored copy that still contains a secret value throws.
 */
export async function renderEmailCopies<Name extends EmailTemplateName>(
  name: Name,
  props: EmailTemplateProps<Name>,
  locale: EmailLocale,
  options: { removeSecretLinks: boolean; preferencesUrl?: string },
): Promise<EmailCopies> {
  if (!isEmailTemplateName(name)) throw unknownTemplateFailure(String(name));
  const template = emailTemplates[name] as unknown as EmailTemplate;
  const data = parseTemplateProps(name, props) as Record<string, unknown>;
  const companyName = getEnv().COMPANY_NAME;
  const t = bindEmailT(await getFixedT(locale, "email"), companyName);
  const chrome: EmailChrome = { t, locale, companyName, appUrl: getAppUrl(), preferencesUrl: options.preferencesUrl };
  const renderWith = async (values: Record<string, unknown>) => {
    const element = createElement(template.component, { ...values, chrome });
    const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
    return { html, text };
  };
  const subject = template.subject(t, data);
  const deliverable = await renderWith(data);

  const secrets = secretLinkProps(name).flatMap((prop) => {
    const value = data[prop];
    return typeof value === "string" && value.length > 0 ? [{ prop, value }] : [];
  });
  if (!options.removeSecretLinks || secrets.length === 0) return { subject, deliverable, stored: deliverable, linksRemoved: false };

  // Placeholders are valid absolute URLs (the components expect one) on a reserved domain (.invalid),
  // random so that no text of the email can be mistaken for one.
  const placeholders = secrets.map(() => `https://link-removed.invalid/${randomBytes(12).toString("hex")}`);
  const rendered = await renderWith({ ...data, ...Object.fromEntries(secrets.map((secret, i) => [secret.prop, placeholders[i]])) });
  const removed = t("layout.linkRemoved");
  let { html, text } = rendered;
  for (const placeholder of placeholders) {
    // A template may append a query to a secret link (the pulse scale's `?score=N`): the whole address goes.
    const at = escapeRegExp(placeholder);
    const address = new RegExp(`${at}(?:\\?[^\\s"<>\\]]*)?`, "g");
    html = html.replace(new RegExp(` href="${at}[^"]*"`, "g"), "").replace(address, () => escapeHtml(removed));
    text = text.replace(address, () => removed);
  }
  for (const { prop, value } of secrets) {
    if ([value, escapeHtml(value), ...tokenLikeParts(value)].some((form) => html.includes(form) || text.includes(form))) {
      throw new Error(`The stored copy of "${name}" still contains its secret link "${prop}"; it must not be stored.`);
    }
  }
  return { subject, deliverable, stored: { html, text }, linksRemoved: true };
}
