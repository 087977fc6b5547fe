import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { localeFromMatches, titleText } from "~/components/page-title";
import { StatusBadge } from "~/components/status-badge";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { EMAIL_STATUS_TONES } from "~/modules/email/outbox";
import { emailIdSchema, findOutboxEmail } from "~/modules/email/outbox.server";
import { getDb } from "~/utils/db.server";
import { notFound } from "~/utils/responses";
import { formatDateTime, toIsoString } from "~/utils/format";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request);
  // A malformed id cannot name an email: 404, not a database error.
  const id = emailIdSchema.safeParse(params.emailId);
  const email = id.success ? await findOutboxEmail(getDb(), id.data) : undefined;
  if (!email) throw notFound("No email with this id.");
  return json({ email, locale });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  { title: data ? `${data.email.subject} · ${titleText(localeFromMatches(matches), "outbox.title", "admin")}` : titleText(localeFromMatches(matches)) },
];

/**
 * Makes the email's frame as tall as the email, so that nothing is cut and it does not scroll
 * inside the page: measured when the frame loads (now or later: it loads lazily) and again when
 * the window's width changes how the email wraps.
 */
function useFitFrameToContent(ref: RefObject<HTMLIFrameElement>) {
  useEffect(() => {
    const frame = ref.current;
    if (!frame) return;
    const fit = () => {
      const root = frame.contentDocument?.documentElement;
      if (!root) return;
      // Measured at no height, else the document is never shorter than the frame; one task, no repaint between.
      frame.style.height = "0px";
      frame.style.minHeight = "0px";
      const content = Math.max(root.scrollHeight, Math.ceil(root.getBoundingClientRect().height));
      // Plus the frame's own border (offsetHeight counts it, clientHeight does not).
      frame.style.height = `${content + frame.offsetHeight - frame.clientHeight}px`;
    };
    frame.addEventListener("load", fit);
    window.addEventListener("resize", fit);
    // Loaded before React attached the listener (the frame does not wait for hydration).
    if (frame.contentDocument?.readyState === "complete" && frame.contentDocument.URL !== "about:blank") fit();
    return () => {
      frame.removeEventListener("load", fit);
      window.removeEventListener("resize", fit);
    };
  }, [ref]);
}

export default function OutboxEmailPage() {
  const { t } = useTranslation("admin");
  const { email, locale } = useLoaderData<typeof loader>();
  const frame = useRef<HTMLIFrameElement>(null);
  useFitFrameToContent(frame);
  const htmlPath = `/admin/outbox/${email.id}/html`;
  const when = (value: string | null) =>
    value ? <time dateTime={toIsoString(value)}>{formatDateTime(value, locale)}</time> : t("outbox.notYet");
  return (
    <div className="stack">
      <p>
        <Link to="/admin/outbox">{t("outbox.back")}</Link>
      </p>
      <PageHeader title={email.subject} />
      {email.links_removed ? (
        <Alert tone="info">
          <p>{t("outbox.linksRemoved")}</p>
        </Alert>
      ) : null}

      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">{t("outbox.detailsTitle")}</h2>
        <dl className="details">
          <dt>{t("outbox.fields.status")}</dt>
          <dd>
            <StatusBadge tone={EMAIL_STATUS_TONES[email.status]}>{t(`outbox.statuses.${email.status}`)}</StatusBadge>
          </dd>
          <dt>{t("outbox.fields.to")}</dt>
          <dd>{email.to_address}</dd>
          <dt>{t("outbox.fields.from")}</dt>
          <dd>{email.from_address}</dd>
          <dt>{t("outbox.fields.template")}</dt>
          <dd>{t(`outbox.templates.${email.template}`, { defaultValue: email.template })}</dd>
          <dt>{t("outbox.fields.locale")}</dt>
          <dd>{t(`outbox.locales.${email.locale}`)}</dd>
          <dt>{t("outbox.fields.createdAt")}</dt>
          <dd>{when(email.created_at)}</dd>
          <dt>{t("outbox.fields.sentAt")}</dt>
          <dd>{when(email.sent_at)}</dd>
          <dt>{t("outbox.fields.attempts")}</dt>
          <dd>{String(email.attempts)}</dd>
          <dt>{t("outbox.fields.lastError")}</dt>
          <dd>{email.last_error ? <code>{email.last_error}</code> : t("outbox.none")}</dd>
          {email.provider_id ? (
            <>
              <dt>{t("outbox.fields.providerId")}</dt>
              <dd>
                <code>{email.provider_id}</code>
              </dd>
            </>
          ) : null}
        </dl>
      </section>

      <section className="card" aria-labelledby="html-title">
        <h2 id="html-title">{t("outbox.htmlTitle")}</h2>
        <p className="muted">{t("outbox.htmlHint")}</p>
        {/*
          The stored HTML is untrusted: it runs no script (no allow-scripts, and its own CSP says
          default-src 'none'), and links may open new tabs. allow-same-origin only lets this page
          read the email's height to size the frame: with no script inside, the email cannot use it.
        */}
        <iframe
          ref={frame}
          src={htmlPath}
          title={t("outbox.htmlFrameTitle", { subject: email.subject })}
          sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
          referrerPolicy="no-referrer"
          className="email-frame"
          loading="lazy"
        />
        <p>
          {/* Without JavaScript the frame keeps a generous fixed height: the whole email is one click away. */}
          <a href={htmlPath} target="_blank" rel="noreferrer">
            {t("outbox.htmlOpen")}
          </a>
        </p>
      </section>

      <section className="card" aria-labelledby="text-title">
        <h2 id="text-title">{t("outbox.textTitle")}</h2>
        <div className="table-wrap">
          <pre className="plain-text">{email.text}</pre>
        </div>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
