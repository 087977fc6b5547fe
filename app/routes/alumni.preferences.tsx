import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { leaderboardToggleSchema } from "~/modules/advocacy/forms";
import { leaderboardChoice, setLeaderboardOptIn } from "~/modules/advocacy/leaderboard.server";
import { EmailSection, FrequencySection, LanguageSection } from "~/components/alumni/delivery-preferences";
import { newsletterFrequency, setEmailLanguage, setNewsletterFrequency } from "~/modules/alumni/delivery-preferences.server";
import { cancelEmailChange, pendingEmailChange, requestEmailChange, resendEmailChange } from "~/modules/alumni/email-change.server";
import { emailChangeSchema, frequencySchema, languageSchema } from "~/modules/alumni/preferences";
import { serializeLocaleCookie } from "~/modules/i18n/i18n.server";
import { CONSENT_PURPOSES, consentText } from "~/modules/alumni/consents";
import {
  leaveAlumniNetwork,
  loadAlumniPreferences,
  rejoinAlumniNetwork,
  setConsent,
  type Actor,
} from "~/modules/alumni/membership.server";
import { requireMember } from "~/modules/alumni/member-guard.server";
import { consentToggleSchema } from "~/modules/alumni/profile";
import { readFormData } from "~/modules/auth/http.server";
import { isSupportedLocale, type AppLocale } from "~/modules/i18n/config";
import { translator } from "~/modules/i18n/translator";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { formatDate } from "~/utils/format";
import { badRequest } from "~/utils/responses";

/**
 * What an alumnus (or a leaver who joined) receives: one toggle per purpose, granting and
 * withdrawing equally easy (one POST each way), and leaving the network. The LinkedIn address and
 * the rest of the profile are edited on /alumni/profile.
 * Everything acts on the signed-in person only. A staff member who leaves and joined through their
 * own exit flow is a leaver here; other staff members get the 403 every other role's page gives.
 */

const NOTICES = ["changed", "rejoined", "leftNoGrant", "leaderboardShown", "leaderboardHidden"] as const;
type Notice = (typeof NOTICES)[number];
/** The preference centre's notices (namespace `preferences`, docs/decisions/032). */
const DELIVERY_NOTICES = ["language.saved", "frequency.saved", "email.sent", "email.resent", "email.cancelled", "email.throttled"] as const;
type DeliveryNotice = (typeof DELIVERY_NOTICES)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale, member } = await requireMember(request);
  const [{ profile, consents }, leaderboard, frequency, pending] = await Promise.all([
    loadAlumniPreferences(getDb(), user.id),
    leaderboardChoice(getDb(), user.id),
    newsletterFrequency(getDb(), user.id),
    pendingEmailChange(getDb(), user.id),
  ]);
  if (member === "leaver" && !profile) throw redirect("/exit/alumni");
  const notice = new URL(request.url).searchParams.get("done");
  const delivery = new URL(request.url).searchParams.get("saved");
  return json({
    role: member,
    locale,
    companyName: getEnv().COMPANY_NAME,
    timeZone: getEnv().COMPANY_TIME_ZONE,
    personalEmail: profile?.personalEmail ?? user.email,
    confirmed: profile ? profile.confirmed : true,
    left: profile?.status === "left",
    leaderboard,
    consents: CONSENT_PURPOSES.map((purpose) => ({ purpose, granted: consents[purpose].granted, since: consents[purpose].since })),
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
    // An alumnus without a profile row gets one (every issue) on their first change.
    frequency: profile || member === "alumnus" ? frequency : null,
    language: user.locale,
    emailBlocked: profile?.status === "left" ? ("left" as const) : profile && !profile.confirmed ? ("unconfirmed" as const) : null,
    pendingEmail: pending ? { email: pending.email, sentAt: pending.sentAt.toISOString() } : null,
    deliveryNotice: (DELIVERY_NOTICES as readonly string[]).includes(delivery ?? "") ? (delivery as DeliveryNotice) : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, locale: preferred, member } = await requireMember(request);
  const form = await readFormData(request);
  // Errors come in the language the form was shown in.
  const shown = form.get("shownLocale");
  const locale: AppLocale = isSupportedLocale(shown) ? shown : preferred;
  const actor: Actor = { userId: user.id, name: user.name, locale, ip: context.clientIp };
  const done = (notice: Notice) => redirect(`/alumni/preferences?done=${notice}`);
  const saved = (notice: DeliveryNotice, init?: ResponseInit) => redirect(`/alumni/preferences?saved=${notice}`, init);
  const tp = translator(locale, "preferences");

  switch (form.get("intent")) {
    case "consent": {
      const parsed = consentToggleSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) break;
      const accepted = await setConsent(actor, parsed.data.purpose, parsed.data.granted);
      return done(accepted || !parsed.data.granted ? "changed" : "leftNoGrant");
    }
    case "leaderboard": {
      const parsed = leaderboardToggleSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) break;
      await setLeaderboardOptIn(getDb(), actor, parsed.data.optIn);
      return done(parsed.data.optIn ? "leaderboardShown" : "leaderboardHidden");
    }
    case "language": {
      const parsed = languageSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) break;
      await setEmailLanguage(actor, parsed.data.language);
      // The cookie follows, so the pages stay in this language after signing out.
      return saved("language.saved", { headers: { "Set-Cookie": await serializeLocaleCookie(parsed.data.language) } });
    }
    case "frequency": {
      const parsed = frequencySchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) break;
      await setNewsletterFrequency(actor, parsed.data.frequency);
      return saved("frequency.saved");
    }
    case "emailChange": {
      const submission = parseWithZod(form, { schema: emailChangeSchema(tp) });
      if (submission.status !== "success") return json({ emailResult: submission.reply() }, { status: 400 });
      const outcome = await requestEmailChange(actor, submission.value.newEmail);
      if (outcome.status === "refused" || outcome.status === "none") {
        const reason = outcome.status === "none" ? "notMember" : outcome.reason;
        return json({ emailResult: submission.reply({ fieldErrors: { newEmail: [tp(`validation.${reason}`)] } }) }, { status: 400 });
      }
      if (outcome.status === "throttled") return json({ emailResult: submission.reply({ fieldErrors: { newEmail: [tp("email.throttled")] } }) }, { status: 429 });
      return saved("email.sent");
    }
    case "emailChangeResend": {
      const outcome = await resendEmailChange(actor);
      return saved(outcome.status === "throttled" ? "email.throttled" : "email.resent");
    }
    case "emailChangeCancel": {
      await cancelEmailChange(actor);
      return saved("email.cancelled");
    }
    case "leave": {
      await leaveAlumniNetwork(actor, member);
      return redirect(member === "leaver" ? "/exit/thanks" : "/alumni/preferences");
    }
    case "rejoin": {
      if (member !== "alumnus") break;
      await rejoinAlumniNetwork(actor);
      return done("rejoined");
    }
  }
  // Switches, radios and a list: only a hand-made request sends a value none of them offers.
  throw badRequest("Not a form this page sends");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "preferences.metaTitle", "alumni");

export default function AlumniPreferences() {
  const data = useLoaderData<typeof loader>();
  const pendingForm = usePendingFormData();
  const { t } = useTranslation("alumni");
  const { t: tp } = useTranslation("preferences");
  const { locale, companyName, timeZone, left, role } = data;
  const submitting = pendingForm ?? undefined;
  const actionData = useActionData<typeof action>();
  const busy = (intent: string) => submitting?.get("intent") === intent;
  const emailChangeResult = actionData && "emailResult" in actionData ? actionData.emailResult : undefined;

  return (
    <div className="narrow-page alumni-preferences">
      <PageHeader title={t("preferences.title")} lead={t("preferences.lead", { company: companyName })} />
      {data.notice ? <Alert tone={data.notice === "leftNoGrant" ? "error" : "success"}>{t(`preferences.${data.notice}`)}</Alert> : null}
      {data.deliveryNotice ? <Alert tone={data.deliveryNotice === "email.throttled" ? "error" : "success"}>{tp(data.deliveryNotice)}</Alert> : null}
      <p className="muted">
        {data.confirmed
          ? t("preferences.address", { email: data.personalEmail })
          : t("preferences.address", { email: t("preferences.addressUnconfirmed", { email: data.personalEmail }) })}
      </p>

      {left ? (
        <section className="card" aria-labelledby="alumni-left-title">
          <h2 id="alumni-left-title">{t("preferences.leftTitle")}</h2>
          <p>{t("preferences.left")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="rejoin" />
            <Button pending={submitting?.get("intent") === "rejoin"}>{t("preferences.rejoin")}</Button>
          </Form>
        </section>
      ) : null}

      <section className="card" aria-labelledby="alumni-consents-title">
        <h2 id="alumni-consents-title">{t("preferences.consentsTitle")}</h2>
        <ul className="alumni-toggles">
          {data.consents.map(({ purpose, granted, since }) => {
            const text = consentText(purpose, locale, companyName);
            const date = since ? formatDate(since, locale, { timeZone }) : "";
            const state = granted
              ? t("preferences.grantedSince", { date })
              : since
                ? t("preferences.withdrawnSince", { date })
                : t("preferences.notGranted");
            const busy = submitting?.get("intent") === "consent" && submitting.get("purpose") === purpose;
            return (
              <li key={purpose} className="alumni-toggle">
                <div className="alumni-toggle__text">
                  <h3 className="alumni-toggle__label">{text.label}</h3>
                  <p className="alumni-toggle__description">{text.description}</p>
                  <p className="alumni-toggle__state">
                    <span className={granted ? "badge badge--success" : "badge"}>{state}</span>
                  </p>
                </div>
                {left && !granted ? null : (
                  <Form method="post" className="alumni-toggle__form">
                    <input type="hidden" name="intent" value="consent" />
                    <input type="hidden" name="purpose" value={purpose} />
                    <input type="hidden" name="granted" value={granted ? "false" : "true"} />
                    <input type="hidden" name="shownLocale" value={locale} />
                    <Button
                      variant="ghost"
                      size="small"
                      pending={busy}
                      aria-label={t(granted ? "preferences.withdrawLabel" : "preferences.grantLabel", { purpose: text.label })}
                    >
                      {granted ? t("preferences.withdraw") : t("preferences.grant")}
                    </Button>
                  </Form>
                )}
              </li>
            );
          })}
        </ul>
      </section>

      {left ? null : <FrequencySection frequency={data.frequency} busy={busy} />}
      <LanguageSection language={data.language} busy={busy} />
      <EmailSection
        current={data.personalEmail}
        blocked={data.emailBlocked}
        pending={data.pendingEmail}
        locale={locale}
        timeZone={timeZone}
        lastResult={emailChangeResult}
        busy={busy}
      />

      <section className="card" aria-labelledby="alumni-profile-title">
        <h2 id="alumni-profile-title">{t("preferencesCard.title", { ns: "network" })}</h2>
        <p>{t("preferencesCard.body", { ns: "network" })}</p>
        <p className="card__footer">
          <Link to="/alumni/profile">{t("preferencesCard.link", { ns: "network" })}</Link>
        </p>
      </section>

      <section className="card" aria-labelledby="alumni-data-title">
        <h2 id="alumni-data-title">{t("preferencesCard.title", { ns: "data" })}</h2>
        <p>{t("preferencesCard.body", { ns: "data" })}</p>
        <p className="card__footer">
          <Link to="/alumni/data">{t("preferencesCard.link", { ns: "data" })}</Link>
        </p>
      </section>

      {left ? null : (
        <section className="card" id="leaderboard" aria-labelledby="alumni-leaderboard-title">
          <h2 id="alumni-leaderboard-title">{t("preferences.leaderboardTitle")}</h2>
          {data.leaderboard.enabled ? (
            <>
              <p>{t("preferences.leaderboardLead")}</p>
              <p>{t("preferences.leaderboardSees")}</p>
              <p>
                <span className={data.leaderboard.optedIn ? "badge badge--success" : "badge"}>
                  {t(data.leaderboard.optedIn ? "preferences.leaderboardIn" : "preferences.leaderboardOut")}
                </span>
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="leaderboard" />
                <input type="hidden" name="optIn" value={data.leaderboard.optedIn ? "false" : "true"} />
                <input type="hidden" name="shownLocale" value={locale} />
                <Button variant="ghost" size="small" pending={submitting?.get("intent") === "leaderboard"}>
                  {t(data.leaderboard.optedIn ? "preferences.leaderboardHide" : "preferences.leaderboardShow")}
                </Button>
              </Form>
            </>
          ) : (
            <p>{t("preferences.leaderboardOff")}</p>
          )}
        </section>
      )}

      {left ? null : (
        <section className="card" aria-labelledby="alumni-leave-title">
          <h2 id="alumni-leave-title">{t("preferences.leaveTitle")}</h2>
          <p>{role === "leaver" ? t("preferences.leaveLeaverLead") : t("preferences.leaveLead")}</p>
          <Form method="post">
            <input type="hidden" name="intent" value="leave" />
            <input type="hidden" name="shownLocale" value={locale} />
            <Button variant="danger" pending={submitting?.get("intent") === "leave"}>
              {t("preferences.leave")}
            </Button>
          </Form>
        </section>
      )}

      <p>
        <Link to={role === "leaver" ? "/exit/thanks" : "/alumni"}>{t("preferences.back")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
