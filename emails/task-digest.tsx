import { Link, Section, Text } from "@react-email/components";
import { z } from "zod";
import { formatDate } from "../app/utils/format";
import { EmailAction, EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { previewChrome, type EmailChrome } from "./components/translate";

/**
 * The daily digest of a task owner: one email listing their (and their teams') tasks that are
 * overdue, due in two days and due in seven days. It names the task and the person leaving, never
 * more of the departure than the inbox shows.
 */

/** Tasks listed per group; the rest is counted ("and 12 more") and waits in the inbox. */
export const DIGEST_TASKS_PER_GROUP = 50;

const digestTaskSchema = z.object({
  title: z.string().trim().min(1).max(500),
  personName: z.string().trim().min(1).max(200),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: "dueDate must be YYYY-MM-DD" }),
  /** The team that owns the task, or null when it is the recipient's own. */
  teamName: z.string().trim().min(1).max(200).nullable(),
});

const digestGroupSchema = z.object({
  tasks: z.array(digestTaskSchema).max(DIGEST_TASKS_PER_GROUP),
  /** How many tasks the group has in all (at least tasks.length). */
  total: z.number().int().min(0),
});

export const taskDigestPropsSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    inboxUrl: z.url({ protocol: /^https?$/, message: "inboxUrl must be an absolute http(s) address" }),
    /** Where the recipient chooses the hour and the language of this digest. */
    preferencesUrl: z.url({ protocol: /^https?$/, message: "preferencesUrl must be an absolute http(s) address" }),
    overdue: digestGroupSchema,
    inTwoDays: digestGroupSchema,
    inSevenDays: digestGroupSchema,
  })
  .refine((props) => props.overdue.total + props.inTwoDays.total + props.inSevenDays.total > 0, {
    message: "a digest lists at least one task",
  });

export type TaskDigestProps = z.infer<typeof taskDigestPropsSchema>;
type DigestGroup = TaskDigestProps["overdue"];

export function taskDigestTotal(props: Pick<TaskDigestProps, "overdue" | "inTwoDays" | "inSevenDays">): number {
  return props.overdue.total + props.inTwoDays.total + props.inSevenDays.total;
}

const GROUPS = ["overdue", "inTwoDays", "inSevenDays"] as const;

function DigestGroupSection({ chrome, group, heading }: { chrome: EmailChrome; group: DigestGroup; heading: string }) {
  const { t, locale } = chrome;
  if (group.total === 0) return null;
  return (
    <Section style={{ margin: "0 0 16px" }}>
      <Text style={{ fontSize: "17px", lineHeight: "24px", fontWeight: 700, margin: "0 0 8px" }}>{heading}</Text>
      {group.tasks.map((task, index) => (
        <Section key={index} style={{ margin: "0 0 8px", paddingLeft: "12px", borderLeft: "3px solid #d5dae1" }}>
          <Text style={{ fontSize: "15px", lineHeight: "22px", margin: 0 }}>{`${task.title} — ${task.personName}`}</Text>
          <Text style={{ fontSize: "14px", lineHeight: "20px", margin: 0, color: "#556070" }}>
            {[
              t("taskDigest.due", { date: formatDate(task.dueDate, locale) }),
              task.teamName ? t("taskDigest.team", { team: task.teamName }) : t("taskDigest.yours"),
            ].join(" · ")}
          </Text>
        </Section>
      ))}
      {group.total > group.tasks.length ? (
        <Text style={{ fontSize: "14px", lineHeight: "20px", color: "#556070", margin: "0 0 8px" }}>
          {t("taskDigest.more", { count: group.total - group.tasks.length })}
        </Text>
      ) : null}
    </Section>
  );
}

export default function TaskDigestEmail({ chrome, name, inboxUrl, preferencesUrl, ...groups }: TaskDigestProps & { chrome: EmailChrome }) {
  const { t } = chrome;
  const total = taskDigestTotal(groups);
  return (
    <EmailLayout chrome={chrome} preview={t("taskDigest.preview", { count: total })} reason={t("taskDigest.why")}>
      <EmailHeading>{t("taskDigest.heading")}</EmailHeading>
      <EmailParagraph>{t("layout.greeting", { name })}</EmailParagraph>
      <EmailParagraph>{t("taskDigest.intro", { count: total })}</EmailParagraph>
      {GROUPS.map((key) => (
        <DigestGroupSection
          key={key}
          chrome={chrome}
          group={groups[key]}
          heading={t(`taskDigest.groups.${key}`, { count: groups[key].total })}
        />
      ))}
      <EmailAction chrome={chrome} href={inboxUrl} label={t("taskDigest.button")} />
      <EmailParagraph muted>{t("taskDigest.preferences")}</EmailParagraph>
      <Link href={preferencesUrl} style={{ fontSize: "14px", color: "#1f4e79" }}>
        {t("taskDigest.preferencesLink")}
      </Link>
    </EmailLayout>
  );
}

TaskDigestEmail.PreviewProps = {
  chrome: previewChrome("en"),
  name: "Ivan Torres",
  inboxUrl: "http://localhost:3000/tasks",
  preferencesUrl: "http://localhost:3000/tasks/preferences",
  overdue: {
    tasks: [{ title: "Send equipment return instructions", personName: "Sam Leclerc", dueDate: "2026-11-25", teamName: "IT" }],
    total: 1,
  },
  inTwoDays: {
    tasks: [{ title: "Deactivate building badge", personName: "Jordan Blake", dueDate: "2026-11-29", teamName: "Facilities" }],
    total: 1,
  },
  inSevenDays: {
    tasks: [{ title: "Collect laptop and phone", personName: "Mei Chen", dueDate: "2026-12-04", teamName: null }],
    total: 1,
  },
} satisfies TaskDigestProps & { chrome: EmailChrome };
