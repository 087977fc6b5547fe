import { z } from "zod";
import { EmailHeading, EmailLayout, EmailParagraph } from "./components/layout";
import { PulseScale, scoreHref } from "./components/pulse-scale";
import { previewChrome, type EmailChrome } from "./components/translate";

/**
 * An alumni pulse (issue 13): the survey's eNPS question with the 0–10 scale as eleven links. Each
 * opens `/pulse/{token}?score=N`, where the alumnus confirms, may add a comment, and sends: only
 * that POST records. `answerUrl` carries the token that answers as this person, so it is a secret
 * link (docs/decisions/010): the stored copy keeps none of the eleven.
 */
export const pulseEmailPropsSchema = z.object({
  answerUrl: z.url({ protocol: /^https?$/, message: "answerUrl must be an absolute http(s) address" }),
  name: z.string().trim().min(1).max(200).optional(),
  /** The eNPS question in the recipient's language, as the published survey words it. */
  question: z.string().trim().min(1).max(300),
  /** The last day answers are taken, "YYYY-MM-DD" (company calendar), written out in the recipient's language. */
  closesOnText: z.string().trim().min(1).max(100),
  anonymous: z.boolean(),
});

export type PulseEmailProps = z.infer<typeof pulseEmailPropsSchema>;

export default function PulseEmail({ chrome, answerUrl, name, question, closesOnText, anonymous }: PulseEmailProps & { chrome: EmailChrome }) {
  const { t } = chrome;
  return (
    <EmailLayout chrome={chrome} preview={t("pulse.preview")} reason={t("pulse.why")}>
      <EmailHeading>{t("pulse.heading")}</EmailHeading>
      <EmailParagraph>{name ? t("layout.greeting", { name }) : t("layout.greetingNoName")}</EmailParagraph>
      <EmailParagraph>{t("pulse.intro")}</EmailParagraph>
      <EmailParagraph>{question}</EmailParagraph>
      <PulseScale hrefFor={(score) => scoreHref(answerUrl, score)} lowLabel={t("pulse.low")} highLabel={t("pulse.high")} />
      <EmailParagraph muted>{t("pulse.howItWorks", { day: closesOnText })}</EmailParagraph>
      <EmailParagraph muted>{t(anonymous ? "pulse.anonymous" : "pulse.confidential")}</EmailParagraph>
    </EmailLayout>
  );
}

PulseEmail.PreviewProps = {
  chrome: previewChrome("en"),
  answerUrl: "http://localhost:3000/pulse/preview-token",
  name: "Sam Leclerc",
  question: "How likely are you to recommend Acme Corp as a place to work?",
  closesOnText: "December 20, 2026",
  anonymous: false,
} satisfies PulseEmailProps & { chrome: EmailChrome };
