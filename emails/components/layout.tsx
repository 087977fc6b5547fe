import { Body, Button, Container, Head, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import type { ReactNode } from "react";
import type { EmailChrome } from "./translate";

/*
 * One calm layout for every message: the company's name on top, the content on a white card, and a
 * footer that says why the person got this email. Text is always passed as one string per element
 * (React 18 would otherwise put <!-- --> between adjacent text nodes in the HTML).
 */

export const emailColors = {
  background: "#f6f7f9",
  surface: "#ffffff",
  text: "#1c2430",
  muted: "#556070",
  border: "#d5dae1",
  primary: "#1f4e79",
};

export const emailFontFamily = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export interface EmailLayoutProps {
  chrome: EmailChrome;
  /** The line mail clients show next to the subject. */
  preview: string;
  /** Why the recipient got this message (shown in the footer). */
  reason: string;
  children: ReactNode;
  /** More of the <head> (the newsletter's dark-mode and phone styles). */
  head?: ReactNode;
  /** More of the footer, below the reason (the newsletter's address and unsubscribe links). */
  footer?: ReactNode;
}

export function EmailLayout({ chrome, preview, reason, children, head, footer }: EmailLayoutProps) {
  const { t, locale, companyName, appUrl, preferencesUrl } = chrome;
  return (
    <Html lang={locale} dir="ltr">
      <Head>{head}</Head>
      <Preview>{preview}</Preview>
      <Body className="email-body" style={{ backgroundColor: emailColors.background, color: emailColors.text, fontFamily: emailFontFamily, margin: 0, padding: "24px 0" }}>
        <Container style={{ maxWidth: "560px", margin: "0 auto", padding: "0 16px" }}>
          <Section style={{ padding: "8px 0 16px" }}>
            <Text style={{ fontSize: "18px", fontWeight: 700, margin: 0, color: emailColors.text }}>{companyName}</Text>
            <Text style={{ fontSize: "14px", margin: 0, color: emailColors.muted }}>{t("layout.tagline")}</Text>
          </Section>
          <Section
            className="email-card"
            style={{
              backgroundColor: emailColors.surface,
              border: `1px solid ${emailColors.border}`,
              borderRadius: "8px",
              padding: "24px",
            }}
          >
            {children}
          </Section>
          <Section style={{ padding: "16px 4px" }}>
            <Text style={{ fontSize: "13px", lineHeight: "20px", color: emailColors.muted, margin: "0 0 8px" }}>{reason}</Text>
            {footer}
            {preferencesUrl ? (
              <Text style={{ fontSize: "13px", lineHeight: "20px", color: emailColors.muted, margin: "0 0 8px" }}>
                <Link href={preferencesUrl} style={{ color: emailColors.muted, textDecoration: "underline" }}>
                  {t("layout.managePreferences")}
                </Link>
              </Text>
            ) : null}
            <Text style={{ fontSize: "13px", lineHeight: "20px", color: emailColors.muted, margin: 0 }}>
              {t("layout.sentBy")}
            </Text>
            <Link href={appUrl} style={{ fontSize: "13px", color: emailColors.muted }}>
              {appUrl}
            </Link>
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export function EmailHeading({ children }: { children: string }) {
  return <Text style={{ fontSize: "22px", lineHeight: "28px", fontWeight: 700, margin: "0 0 16px" }}>{children}</Text>;
}

export function EmailParagraph({ children, muted = false }: { children: string; muted?: boolean }) {
  return (
    <Text style={{ fontSize: "16px", lineHeight: "24px", margin: "0 0 16px", color: muted ? emailColors.muted : emailColors.text }}>
      {children}
    </Text>
  );
}

/** The one call to action of a message, with the raw address below for clients that break buttons. */
export function EmailAction({ chrome, href, label }: { chrome: EmailChrome; href: string; label: string }) {
  return (
    <>
      <Section style={{ margin: "8px 0 24px" }}>
        <Button
          href={href}
          style={{
            backgroundColor: emailColors.primary,
            color: "#ffffff",
            borderRadius: "8px",
            fontSize: "16px",
            fontWeight: 600,
            padding: "12px 20px",
            textDecoration: "none",
          }}
        >
          {label}
        </Button>
      </Section>
      <Hr style={{ borderColor: emailColors.border, margin: "0 0 16px" }} />
      <Text style={{ fontSize: "13px", lineHeight: "20px", color: emailColors.muted, margin: "0 0 4px" }}>
        {chrome.t("layout.fallbackLink")}
      </Text>
      <Link href={href} style={{ fontSize: "13px", lineHeight: "20px", color: emailColors.primary, wordBreak: "break-all" }}>
        {href}
      </Link>
    </>
  );
}
