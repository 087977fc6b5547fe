import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { CONSENT_PURPOSES, consentText } from "~/modules/alumni/consents";
import { inspectFooterPreferences, withdrawByFooterLink } from "~/modules/alumni/footer-preferences.server";
import { footerWithdrawSchema } from "~/modules/alumni/preferences";
import { readFormData } from "~/modules/auth/http.server";
import { consumeRateLimit, retryAfterHeaders } from "~/modules/auth/rate-limit.server";
import { isSupportedLocale, type AppLocale } from "~/modules/i18n/config";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { maskEmail } from "~/modules/newsletter/mask-email";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";

/**
 * The "Manage your email preferences" link of every alumni email's footer (docs/decisions/032).
 *
 * No session: the signed token names the person. GET shows the masked address and which purposes
 * are on, and changes nothing (mail scanners open every link). POST turns one purpose, or all, off:
 * one ledger row each, source `email_link`. Turning anything on, the language and the address need
 * signing in (the page links to it), so a forwarded email or a stored copy gives no more than
 * unsubscribing. A token this portal did not sign, or for a person erased since, answers 404.
 * Served with Referrer-Policy: no-referrer (TOKEN_ROUTE_PREFIXES), so the token never leaks.
 */

async function view(request: Request, token: string) {
  const found = await inspectFooterPreferences(getDb(), token);
  if (!found) return null;
  return {
    maskedEmail: maskEmail(found.email),
    locale: await resolveLocale(request),
    companyName: getEnv().COMPANY_NAME,
    consents: CONSENT_PURPOSES.map((purpose) => ({ purpose, granted: found.consents[purpose].granted })),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await view(request, params.token ?? "");
  if (!page) return json({ problem: "unknown" as const, page: null }, { status: 404 });
  return json({ problem: null, page });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const verdict = await consumeRateLimit("unsubscribeByIp", context.clientIp);
  if (!verdict.allowed) return json({ problem: "throttled" as const, done: null }, { status: 429, headers: retryAfterHeaders(verdict.retryAfterMs) });
  const form = await readFormData(request);
  const purpose = form.get("purpose") === "all" ? ("all" as const) : footerWithdrawSchema.safeParse({ purpose: form.get("purpose") }).data?.purpose;
  if (!purpose) return json({ problem: "invalid" as const, done: null }, { status: 400 });
  const shown = form.get("shownLocale");
  const locale: AppLocale = isSupportedLocale(shown) ? shown : await resolveLocale(request);
  const outcome = await withdrawByFooterLink(getDb(), { token: params.token ?? "", purpose, ip: context.clientIp, locale });
  if (outcome.status === "invalid") return json({ problem: "unknown" as const, done: null }, { status: 404 });
  return json({ problem: null, done: { count: outcome.purposes.length } });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "footer.metaTitle", "preferences");

export default function EmailPreferencesPage() {
  const { t } = useTranslation("preferences");
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pending = usePendingFormData();
  const problem = actionData?.problem ?? loaderData.problem;
  const page = loaderData.page;

  if (problem === "unknown" || !page) {
    return (
      <div className="card card--narrow">
        <PageHeader title={t("footer.invalidTitle")} />
        <Alert tone="error">
          <p>{t("footer.invalid")}</p>
        </Alert>
        <p>
          <ButtonLink to="/login/link?redirectTo=%2Falumni%2Fpreferences" variant="ghost">
            {t("footer.signIn")}
          </ButtonLink>
        </p>
      </div>
    );
  }

  const on = page.consents.filter((c) => c.granted);
  return (
    <div className="narrow-page">
      <PageHeader title={t("footer.title")} lead={t("footer.lead", { email: page.maskedEmail })} />
      {actionData?.done ? (
        <Alert tone="success">
          <p>{actionData.done.count > 0 ? t("footer.done", { count: actionData.done.count }) : t("footer.alreadyOff")}</p>
        </Alert>
      ) : null}
      {problem === "throttled" ? (
        <Alert tone="error">
          <p>{t("footer.throttled")}</p>
        </Alert>
      ) : null}
      {problem === "invalid" ? (
        <Alert tone="error">
          <p>{t("footer.invalid")}</p>
        </Alert>
      ) : null}
      <section className="card" aria-labelledby="footer-consents-title">
        <h2 id="footer-consents-title">{t("footer.title")}</h2>
        <ul className="alumni-toggles">
          {page.consents.map(({ purpose, granted }) => {
            const text = consentText(purpose, page.locale, page.companyName);
            return (
              <li key={purpose} className="alumni-toggle">
                <div className="alumni-toggle__text">
                  <h3 className="alumni-toggle__label">{text.label}</h3>
                  <p className="alumni-toggle__description">{text.description}</p>
                  <p className="alumni-toggle__state">
                    <span className={granted ? "badge badge--success" : "badge"}>{t(granted ? "footer.on" : "footer.off")}</span>
                  </p>
                </div>
                {granted ? (
                  <Form method="post" className="alumni-toggle__form">
                    <input type="hidden" name="purpose" value={purpose} />
                    <input type="hidden" name="shownLocale" value={page.locale} />
                    <Button variant="ghost" size="small" pending={pending?.get("purpose") === purpose} aria-label={t("footer.turnOffLabel", { purpose: text.label })}>
                      {t("footer.turnOff")}
                    </Button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
        {on.length > 1 ? (
          <Form method="post">
            <input type="hidden" name="purpose" value="all" />
            <input type="hidden" name="shownLocale" value={page.locale} />
            <Button variant="danger" pending={pending?.get("purpose") === "all"}>
              {t("footer.turnAllOff")}
            </Button>
          </Form>
        ) : null}
        {on.length === 0 ? <p>{t("footer.nothingOn")}</p> : null}
        <p className="muted card__footer">{t("footer.whyButton")}</p>
      </section>
      <section className="card" aria-labelledby="footer-sign-in-title">
        <h2 id="footer-sign-in-title">{t("footer.signInTitle")}</h2>
        <p>{t("footer.signInLead")}</p>
        <ButtonLink to="/login/link?redirectTo=%2Falumni%2Fpreferences" variant="ghost">
          {t("footer.signIn")}
        </ButtonLink>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
