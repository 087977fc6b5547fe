import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { leaderboardToggleSchema } from "~/modules/advocacy/forms";
import { leaderboardChoice, setLeaderboardOptIn } from "~/modules/advocacy/leaderboard.server";
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

/**
 * What an alumnus (or a leaver who joined) receives: one toggle per purpose, granting and
 * withdrawing equally easy (one POST each way), and leaving the network. The LinkedIn address and
 * the rest of the profile are edited on /alumni/profile.
 * Everything acts on the signed-in person only. A staff member who leaves and joined through their
 * own exit flow is a leaver here; other staff members get the 403 every other role's page gives.
 */

const NOTICES = ["changed", "rejoined", "leftNoGrant", "leaderboardShown", "leaderboardHidden"] as const;
type Notice = (typeof NOTICES)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale, member } = await requireMember(request);
  const [{ profile, consents }, leaderboard] = await Promise.all([loadAlumniPreferences(getDb(), user.id), leaderboardChoice(getDb(), user.id)]);
  if (member === "leaver" && !profile) throw redirect("/exit/alumni");
  const notice = new URL(request.url).searchParams.get("done");
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
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, locale: preferred, member } = await requireMember(request);
  const form = await readFormData(request);
  // Errors come in the language the form was shown in.
  const shown = form.get("shownLocale");
  const locale: AppLocale = isSupportedLocale(shown) ? shown : preferred;
  const t = translator(locale, "alumni");
  const actor: Actor = { userId: user.id, name: user.name, locale, ip: context.clientIp };
  const done = (notice: Notice) => redirect(`/alumni/preferences?done=${notice}`);

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
  return json(
    { result: { status: "error" as const, error: { "": [t("validation.invalidRequest")] } } },
    { status: 400 },
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "preferences.metaTitle", "alumni");

export default function AlumniPreferences() {
  const data = useLoaderData<typeof loader>();
  const pendingForm = usePendingFormData();
  const { t } = useTranslation("alumni");
  const { locale, companyName, timeZone, left, role } = data;
  const submitting = pendingForm ?? undefined;

  return (
    <div className="narrow-page alumni-preferences">
      <PageHeader title={t("preferences.title")} lead={t("preferences.lead", { company: companyName })} />
      {data.notice ? <Alert tone={data.notice === "leftNoGrant" ? "error" : "success"}>{t(`preferences.${data.notice}`)}</Alert> : null}
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

      <section className="card" aria-labelledby="alumni-profile-title">
        <h2 id="alumni-profile-title">{t("preferencesCard.title", { ns: "network" })}</h2>
        <p>{t("preferencesCard.body", { ns: "network" })}</p>
        <p className="card__footer">
          <Link to="/alumni/profile">{t("preferencesCard.link", { ns: "network" })}</Link>
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
