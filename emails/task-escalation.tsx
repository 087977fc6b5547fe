import { Link, Section, Text } from "@react-email/components";
import { z } from "zod";
import { formatDate } from "../app/utils/format";
import { EmailAction, EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { previewChrome, type EmailChrome } from "./components/translate";

/**
 * Sent to every HR admin when tasks that had to be done before a leaver's last day are still open on
 * that day. Each task is escalated once; one email per admin lists everything escalated in a run.
 */

export const ESCALATION_TASKS_LISTED = 100;

const escalatedTaskSchema = z.object({
  title: z.string().trim().min(1).max(500),
  personName: z.string().trim().min(1).max(200),
  departmentName: z.string().trim().min(1).max(200),
  lastDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "lastDay must be YYYY-MM-DD" }),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "dueDate must be YYYY-MM-DD" }),
  /** The team or person who owns the task. */
  ownerName: z.string().trim().min(1).max(200),
  departureUrl: z.url({ protocol: /^https?$/, message: "departureUrl must be an absolute http(s) address" }),
});

export const taskEscalationPropsSchema = z.object({
  name: z.string().trim().min(1).max(200),
  departuresUrl: z.url({ protocol: /^https?$/, message: "departuresUrl must be an absolute http(s) address" }),
  tasks: z.array(escalatedTaskSchema).min(1).max(ESCALATION_TASKS_LISTED),
  /** How many tasks were escalated in all (at least tasks.length). */
  total: z.number().int().min(1),
});

export type TaskEscalationProps = z.infer<typeof taskEscalationPropsSchema>;

export default function TaskEscalationEmail({
  chrome,
  name,
  departuresUrl,
  tasks,
  total,
}: TaskEscalationProps & { chrome: EmailChrome }) {
  const { t, locale } = chrome;
  return (
    <EmailLayout chrome={chrome} preview={t("taskEscalation.preview", { count: total })} reason={t("taskEscalation.why")}>
      <EmailHeading>{t("taskEscalation.heading", { count: total })}</EmailHeading>
      <EmailParagraph>{t("layout.greeting", { name })}</EmailParagraph>
      <EmailParagraph>{t("taskEscalation.intro", { count: total })}</EmailParagraph>
      {tasks.map((task, index) => (
        <Section key={index} style={{ margin: "0 0 12px", paddingLeft: "12px", borderLeft: "3px solid #a4262c" }}>
          <Text style={{ fontSize: "15px", lineHeight: "22px", margin: 0, fontWeight: 600 }}>{task.title}</Text>
          <Text style={{ fontSize: "14px", lineHeight: "20px", margin: 0 }}>
            {t("taskEscalation.person", {
              name: task.personName,
              department: task.departmentName,
              lastDay: formatDate(task.lastDay, locale),
            })}
          </Text>
          <Text style={{ fontSize: "14px", lineHeight: "20px", margin: 0, color: "#556070" }}>
            {t("taskEscalation.owner", { owner: task.ownerName, date: formatDate(task.dueDate, locale) })}
          </Text>
          <Link href={task.departureUrl} style={{ fontSize: "14px", lineHeight: "20px", color: "#1f4e79" }}>
            {t("taskEscalation.open")}
          </Link>
        </Section>
      ))}
      {total > tasks.length ? (
        <EmailParagraph muted>{t("taskEscalation.more", { count: total - tasks.length })}</EmailParagraph>
      ) : null}
      <EmailAction chrome={chrome} href={departuresUrl} label={t("taskEscalation.button")} />
    </EmailLayout>
  );
}

TaskEscalationEmail.PreviewProps = {
  chrome: previewChrome("en"),
  name: "Hana Reyes",
  departuresUrl: "http://localhost:3000/admin/departures",
  tasks: [
    {
      title: "Collect laptop and phone",
      personName: "Jordan Blake",
      departmentName: "Sales",
      lastDay: "2026-11-30",
      dueDate: "2026-11-30",
      ownerName: "IT",
      departureUrl: "http://localhost:3000/admin/departures/00000000-0000-4000-8000-000000000000",
    },
  ],
  total: 1,
} satisfies TaskEscalationProps & { chrome: EmailChrome };
