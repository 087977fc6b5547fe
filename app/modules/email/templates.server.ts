import { render } from "@react-email/render";
import { createElement, type ReactElement } from "react";
import type { z } from "zod";
import AlumniConfirmEmail, { alumniConfirmEmailPropsSchema } from "../../../emails/alumni-confirm-email";
import ExitInvitationEmail, { exitInvitationPropsSchema } from "../../../emails/exit-invitation";
import ExitReminderEmail, { exitReminderPropsSchema } from "../../../emails/exit-reminder";
import MagicLinkEmail, { magicLinkPropsSchema } from "../../../emails/magic-link";
import StaffInvitationEmail, { staffInvitationPropsSchema } from "../../../emails/staff-invitation";
import TaskDigestEmail, { taskDigestPropsSchema, taskDigestTotal } from "../../../emails/task-digest";
import TaskEscalationEmail, { taskEscalationPropsSchema } from "../../../emails/task-escalation";
import { bindEmailT, type EmailChrome, type EmailLocale, type EmailT } from "../../../emails/components/translate";
import { getFixedT } from "~/modules/i18n/i18n.server";
import { getAppUrl, getEnv } from "~/utils/env.server";
import { EmailInputError, issuesOf } from "./errors";

/**
 * Every email the portal sends, by name. A template is its props schema, its subject and its
 * component together: the type makes it impossible to register one without a subject.
 */
export interface EmailTemplate<Schema extends z.ZodType = z.ZodType> {
  schema: Schema;
  subject: (t: EmailT, props: z.output<Schema>) => string;
  component: (props: z.output<Schema> & { chrome: EmailChrome }) => ReactElement;
}

function defineEmailTemplate<Schema extends z.ZodType>(template: EmailTemplate<Schema>): EmailTemplate<Schema> {
  return template;
}

export const emailTemplates = {
  "magic-link": defineEmailTemplate({
    schema: magicLinkPropsSchema,
    subject: (t) => t("magicLink.subject"),
    component: MagicLinkEmail,
  }),
  "staff-invitation": defineEmailTemplate({
    schema: staffInvitationPropsSchema,
    subject: (t, props) =>
      props.inviterName
        ? t("staffInvitation.subject", { inviter: props.inviterName })
        : t("staffInvitation.subjectNoInviter"),
    component: StaffInvitationEmail,
  }),
  "task-digest": defineEmailTemplate({
    schema: taskDigestPropsSchema,
    subject: (t, props) =>
      props.overdue.total > 0
        ? t("taskDigest.subjectOverdue", { count: props.overdue.total, total: taskDigestTotal(props) })
        : t("taskDigest.subject", { count: taskDigestTotal(props) }),
    component: TaskDigestEmail,
  }),
  "task-escalation": defineEmailTemplate({
    schema: taskEscalationPropsSchema,
    subject: (t, props) => t("taskEscalation.subject", { count: props.total }),
    component: TaskEscalationEmail,
  }),
  "exit-invitation": defineEmailTemplate({
    schema: exitInvitationPropsSchema,
    subject: (t, props) => (props.newLink ? t("exitInvitation.subjectNewLink") : t("exitInvitation.subject")),
    component: ExitInvitationEmail,
  }),
  "exit-reminder": defineEmailTemplate({
    schema: exitReminderPropsSchema,
    subject: (t) => t("exitReminder.subject"),
    component: ExitReminderEmail,
  }),
  "alumni-confirm-email": defineEmailTemplate({
    schema: alumniConfirmEmailPropsSchema,
    subject: (t) => t("alumniConfirm.subject"),
    component: AlumniConfirmEmail,
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

export function isEmailTemplateName(value: unknown): value is EmailTemplateName {
  return typeof value === "string" && Object.hasOwn(emailTemplates, value);
}

/** Checks the props against the template's schema; throws EmailInputError naming each bad field. */
export function parseTemplateProps<Name extends EmailTemplateName>(name: Name, props: unknown) {
  const template = emailTemplates[name] as unknown as EmailTemplate;
  const parsed = template.schema.safeParse(props);
  if (!parsed.success) throw new EmailInputError(`template "${name}"`, issuesOf(parsed.error, "props"));
  return parsed.data;
}

/** Renders a template in a language: subject, HTML and plain text, with the company's name filled in. */
export async function renderEmail<Name extends EmailTemplateName>(
  name: Name,
  props: EmailTemplateProps<Name>,
  locale: EmailLocale,
): Promise<RenderedEmail> {
  if (!isEmailTemplateName(name)) throw new EmailInputError("template", [{ field: "template", message: `unknown template "${String(name)}"` }]);
  const template = emailTemplates[name] as unknown as EmailTemplate;
  const data = parseTemplateProps(name, props);
  const companyName = getEnv().COMPANY_NAME;
  const t = bindEmailT(await getFixedT(locale, "email"), companyName);
  const chrome: EmailChrome = { t, locale, companyName, appUrl: getAppUrl() };
  const element = createElement(template.component, { ...(data as object), chrome });
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: template.subject(t, data), html, text };
}
