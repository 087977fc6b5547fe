import { getFormProps, getInputProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { usePendingFormData } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { requireMember } from "~/modules/alumni/member-guard.server";
import { setConsent, type Actor } from "~/modules/alumni/membership.server";
import {
  DIRECTORY_DEFAULTS,
  DIRECTORY_FIELDS,
  LINKEDIN_MAX_LENGTH,
  PROFILE_NAME_MAX_LENGTH,
  PROFILE_TEXT_MAX_LENGTH,
  directoryListingSchema,
  directoryVisibilitySchema,
  profileSchema,
  tenureYears,
  type DirectoryField,
} from "~/modules/alumni/profile";
import { loadOwnProfile, saveDirectoryVisibility, saveProfile } from "~/modules/alumni/profile.server";
import { readFormData } from "~/modules/auth/http.server";
import { isSupportedLocale, type AppLocale } from "~/modules/i18n/config";
import { translator } from "~/modules/i18n/translator";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { badRequest } from "~/utils/responses";

/**
 * The alumni profile (docs/decisions/033): what the person says about themself now, what the
 * departure says about their time at the company (read-only), and "What other alumni see" — being
 * listed in the directory (the `directory` purpose of the consent ledger) and each field's
 * visibility. For an alumnus, and for a leaver who joined (requireMember).
 */

const NOTICES = ["saved", "visibilitySaved", "listed", "unlisted", "leftNoGrant"] as const;
type Notice = (typeof NOTICES)[number];

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, locale, member } = await requireMember(request);
  const profile = await loadOwnProfile(getDb(), user.id);
  if (member === "leaver" && !profile) throw redirect("/exit/alumni");
  const notice = new URL(request.url).searchParams.get("done");
  const tenure = profile?.tenure ?? null;
  return json({
    member,
    locale,
    companyName: getEnv().COMPANY_NAME,
    form: {
      name: profile?.name ?? user.name,
      currentCompany: profile?.currentCompany ?? "",
      currentTitle: profile?.currentTitle ?? "",
      location: profile?.location ?? "",
      linkedinUrl: profile?.linkedinUrl ?? "",
    },
    tenure: tenure ? { ...tenure, years: tenureYears(tenure) } : null,
    // An alumnus from before profiles has none yet: they are an active member with the defaults.
    status: profile?.status ?? "active",
    listed: profile?.listed ?? false,
    visibility: profile?.visibility ?? DIRECTORY_DEFAULTS,
    notice: (NOTICES as readonly string[]).includes(notice ?? "") ? (notice as Notice) : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, locale: preferred } = await requireMember(request);
  const form = await readFormData(request);
  // Errors come in the language the form was shown in.
  const shown = form.get("shownLocale");
  const locale: AppLocale = isSupportedLocale(shown) ? shown : preferred;
  const t = translator(locale, "network");
  const done = (notice: Notice, anchor = "") => redirect(`/alumni/profile?done=${notice}${anchor}`);

  switch (form.get("intent")) {
    case "profile": {
      const submission = parseWithZod(form, { schema: profileSchema(t) });
      if (submission.status !== "success") return json({ result: submission.reply() }, { status: 400 });
      const { intent: _intent, ...input } = submission.value;
      await saveProfile({ userId: user.id }, input);
      return done("saved");
    }
    case "visibility": {
      const parsed = directoryVisibilitySchema.safeParse({ intent: form.get("intent"), show: form.getAll("show") });
      if (!parsed.success) break;
      await saveDirectoryVisibility({ userId: user.id }, parsed.data.show);
      return done("visibilitySaved", "#directory");
    }
    case "listing": {
      const parsed = directoryListingSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) break;
      const actor: Actor = { userId: user.id, name: user.name, locale, ip: context.clientIp };
      const changed = await setConsent(actor, "directory", parsed.data.listed);
      if (parsed.data.listed && !changed) {
        const profile = await loadOwnProfile(getDb(), user.id);
        if (profile?.status === "left") return done("leftNoGrant", "#directory");
      }
      return done(parsed.data.listed ? "listed" : "unlisted", "#directory");
    }
  }
  // Checkboxes and a switch: only a hand-made request sends a value none of them offers.
  throw badRequest("Not a form this page sends");
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "profile.metaTitle", "network");

const FIELD_VALUE: Partial<Record<DirectoryField, "currentCompany" | "currentTitle" | "location" | "linkedinUrl">> = {
  company: "currentCompany",
  title: "currentTitle",
  location: "location",
  linkedin: "linkedinUrl",
};

export default function AlumniProfile() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const pending = usePendingFormData();
  const { t } = useTranslation("network");
  const { locale, companyName, tenure, member } = data;
  const [form, fields] = useValidatedForm(() => profileSchema(t), {
    id: "alumni-profile",
    lastResult: actionData?.result,
    defaultValue: data.form,
  });
  const textInput = { autoCapitalize: "words" as const };

  const departmentAndYears = tenure
    ? tenure.years !== null
      ? t("profile.tenureYears", { count: tenure.years, from: tenure.hireDate!.slice(0, 4), to: tenure.lastDay.slice(0, 4) })
      : t("profile.tenureLeftIn", { year: tenure.lastDay.slice(0, 4) })
    : null;

  return (
    <div className="narrow-page alumni-profile">
      <PageHeader title={t("profile.title")} lead={t("profile.lead", { company: companyName })} />
      {data.notice === "saved" ? <Alert tone="success">{t("profile.notices.saved")}</Alert> : null}

      <section className="card" aria-labelledby="profile-now-title">
        <h2 id="profile-now-title">{t("profile.nowTitle")}</h2>
        <Form method="post" {...getFormProps(form)}>
          <input type="hidden" name="intent" value="profile" />
          <input type="hidden" name="shownLocale" value={locale} />
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <Field
            label={t("profile.name")}
            errors={fields.name.errors}
            inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "name", maxLength: PROFILE_NAME_MAX_LENGTH, ...textInput }}
          />
          <Field
            label={t("profile.company")}
            hint={t("profile.optional")}
            errors={fields.currentCompany.errors}
            inputProps={{ ...getInputProps(fields.currentCompany, { type: "text" }), autoComplete: "organization", maxLength: PROFILE_TEXT_MAX_LENGTH }}
          />
          <Field
            label={t("profile.jobTitle")}
            hint={t("profile.optional")}
            errors={fields.currentTitle.errors}
            inputProps={{ ...getInputProps(fields.currentTitle, { type: "text" }), autoComplete: "organization-title", maxLength: PROFILE_TEXT_MAX_LENGTH }}
          />
          <Field
            label={t("profile.location")}
            hint={t("profile.locationHint")}
            errors={fields.location.errors}
            inputProps={{ ...getInputProps(fields.location, { type: "text" }), autoComplete: "address-level2", maxLength: PROFILE_TEXT_MAX_LENGTH }}
          />
          <Field
            label={t("profile.linkedin")}
            hint={t("profile.linkedinHint")}
            errors={fields.linkedinUrl.errors}
            inputProps={{
              ...getInputProps(fields.linkedinUrl, { type: "text" }),
              autoComplete: "url",
              inputMode: "url",
              spellCheck: false,
              autoCapitalize: "none",
              maxLength: LINKEDIN_MAX_LENGTH,
            }}
          />
          <Button pending={pending?.get("intent") === "profile"}>{t("profile.save")}</Button>
        </Form>
      </section>

      <section className="card" aria-labelledby="profile-tenure-title">
        <h2 id="profile-tenure-title">{t("profile.tenureTitle", { company: companyName })}</h2>
        {tenure ? (
          <dl className="details">
            <dt>{t("profile.department")}</dt>
            <dd>{tenure.department ?? t("profile.unknown")}</dd>
            <dt>{t("profile.years")}</dt>
            <dd>{departmentAndYears}</dd>
          </dl>
        ) : (
          <p>{t("profile.noDeparture")}</p>
        )}
        <p className="muted">{t("profile.tenureHint")}</p>
      </section>

      <section className="card" id="directory" aria-labelledby="profile-directory-title">
        <h2 id="profile-directory-title">{t("profile.directoryTitle")}</h2>
        {/* The directory's answers land here (#directory), where the person is looking. */}
        {data.notice && data.notice !== "saved" ? (
          <Alert tone={data.notice === "leftNoGrant" ? "error" : "success"}>{t(`profile.notices.${data.notice}`)}</Alert>
        ) : null}
        <p>{t("profile.directoryLead")}</p>
        <p>
          <span className={data.listed ? "badge badge--success" : "badge"}>{t(data.listed ? "profile.listedYes" : "profile.listedNo")}</span>
        </p>
        {member === "leaver" ? <p className="muted">{t("profile.leaverNotYet")}</p> : null}
        {data.status === "left" && !data.listed ? null : (
          <Form method="post">
            <input type="hidden" name="intent" value="listing" />
            <input type="hidden" name="listed" value={data.listed ? "false" : "true"} />
            <input type="hidden" name="shownLocale" value={locale} />
            <Button variant={data.listed ? "ghost" : "primary"} size="small" pending={pending?.get("intent") === "listing"}>
              {t(data.listed ? "profile.unlist" : "profile.list")}
            </Button>
          </Form>
        )}

        <Form method="post" className="profile-visibility">
          <input type="hidden" name="intent" value="visibility" />
          <fieldset>
            <legend>{t("profile.visibilityLegend")}</legend>
            <p className="field__hint">{t("profile.visibilityHint")}</p>
            <div className="field field--check">
              <div className="field__check-row">
                <input type="checkbox" id="show-name" checked disabled aria-describedby="show-name-description" />
                <label htmlFor="show-name">{t("profile.fields.name")}</label>
              </div>
              <p id="show-name-description" className="field__hint">
                {t("profile.nameAlways")}
              </p>
            </div>
            {DIRECTORY_FIELDS.map((field) => {
              const valueKey = FIELD_VALUE[field];
              const value = valueKey ? data.form[valueKey] : "";
              return (
                <Field
                  key={field}
                  label={t(`profile.fields.${field}`)}
                  hint={valueKey && !value ? t("profile.fieldEmpty") : undefined}
                  inputProps={{ type: "checkbox", id: `show-${field}`, name: "show", value: field, defaultChecked: data.visibility[field] }}
                />
              );
            })}
          </fieldset>
          <Button variant="ghost" size="small" pending={pending?.get("intent") === "visibility"}>
            {t("profile.visibilitySave")}
          </Button>
        </Form>
        {member === "alumnus" ? (
          <p className="card__footer">
            <Link to="/alumni/directory">{t("profile.toDirectory")}</Link>
          </p>
        ) : null}
      </section>

      <p>
        <Link to="/alumni/preferences">{t("profile.toPreferences")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
