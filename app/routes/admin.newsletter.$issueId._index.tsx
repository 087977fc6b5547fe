import { getFormProps, getInputProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { Alert } from "~/components/alert";
import { Button } from "~/components/button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { pageTitle } from "~/components/page-title";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { consumeRateLimit, retryAfterHeaders, retryAfterMinutes } from "~/modules/auth/rate-limit.server";
import { failureReply } from "~/modules/i18n/failure-reply.server";
import { failureText } from "~/modules/i18n/failure-text";
import { loadIssueContent } from "~/modules/newsletter/content.server";
import { CANDIDATE_LIMIT, candidateQuerySchema, composeButtonSchema, isEditableStatus, ISSUE_LIMITS, issueTextsSchema, sectionSchema } from "~/modules/newsletter/issue";
import {
  addItem,
  addSection,
  duplicateIssue,
  editSection,
  findIssueHeader,
  listCandidateItems,
  moveItem,
  moveSection,
  removeItem,
  removeSection,
  saveIssueTexts,
} from "~/modules/newsletter/issues.server";
import { sendIssueTest } from "~/modules/newsletter/preview.server";
import { localized } from "~/modules/i18n/localized-text";
import { embeddablePulses, setIssuePulse } from "~/modules/newsletter/pulse-block.server";
import { ISSUE_OPENINGS_MAX } from "~/modules/newsletter/openings-section";
import { embeddableOpenings, setIssueOpenings } from "~/modules/newsletter/openings-section.server";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { DomainFailure, groupFailures, isDomainFailure } from "~/utils/failures";
import { formatDate } from "~/utils/format";
import { isUuid } from "~/utils/ids";
import { badRequest, notFound, retryAfterFromAction } from "~/utils/responses";
import { refuseHiddenFieldErrors } from "~/utils/hidden-fields.server";

/**
 * The Compose tab of an issue (issue 12): texts in English and French, sections, approved items
 * added, removed and moved with buttons, the preview at a desktop's and a phone's width, "Send me
 * a test" and "Duplicate". Every button is its own small form: it all works without JavaScript.
 * Once the issue is sending or sent the page is read-only (the module refuses changes anyway).
 */

const NOTICES = ["texts", "sectionAdded", "sectionSaved", "sectionRemoved", "itemAdded", "itemRemoved", "moved", "testSent", "duplicated", "pulse", "openings"] as const;
type Notice = (typeof NOTICES)[number];

function issueIdOf(params: { issueId?: string }): string {
  if (!isUuid(params.issueId)) throw notFound("No newsletter issue with this id.");
  return params.issueId;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale } = await requireHrAdmin(request, "newsletter");
  const issueId = issueIdOf(params);
  const db = getDb();
  const url = new URL(request.url);
  const [content, header] = await Promise.all([loadIssueContent(db, issueId), findIssueHeader(db, issueId)]);
  if (!content || !header) throw notFound("No newsletter issue with this id.");
  const { q } = candidateQuerySchema.parse({ q: url.searchParams.get("q") ?? undefined });
  const editable = isEditableStatus(content.status);
  const companyName = getEnv().COMPANY_NAME;
  const candidates = editable
    ? (await listCandidateItems(db, issueId, { q })).map((item) => ({ ...item, sourceName: item.kind === "company" || !item.sourceName ? companyName : item.sourceName }))
    : [];
  const pulses = editable ? await embeddablePulses(db, locale) : [];
  const openingChoices = editable ? await embeddableOpenings(db, locale) : [];
  const notice = url.searchParams.get("notice");
  const previewLang = url.searchParams.get("lang") === "fr" ? "fr" : url.searchParams.get("lang") === "en" ? "en" : locale;
  return json({
    issueId,
    // Changes the preview frames' address after every edit: a client-side navigation keeps the same
    // <iframe> element, which would otherwise go on showing the issue as it was first loaded.
    version: header.updatedAt.getTime(),
    editable,
    texts: content.texts,
    sections: content.sections.map((section) => ({
      id: section.id,
      titleEn: section.titleEn,
      titleFr: section.titleFr,
      items: section.items.map((item) => ({ id: item.feedItemId, title: item.title, source: item.source, day: item.day })),
    })),
    candidates,
    pulses,
    pulseId: content.pulse?.id ?? null,
    pulseQuestion: content.pulse ? content.pulse.question : null,
    openingChoices,
    chosenOpenings: content.openings.map((opening) => ({ id: opening.id, title: opening.title })),
    q: q ?? "",
    notice: notice && (NOTICES as readonly string[]).includes(notice) ? (notice as Notice) : null,
    editorEmail: user.email,
    previewLang,
    locale,
  });
}

type ActionData =
  | { form: "texts" | "addSection"; result: SubmissionResult<string[]> }
  | { form: "section"; sectionId: string; errors: Record<string, string[]> }
  | { form: "buttons"; errors: string[] };

function back(issueId: string, notice: Notice, anchor = "") {
  return redirect(`/admin/newsletter/${issueId}?notice=${notice}${anchor}`);
}

/** A refusal's status: the record gone 404, the state does not allow it 409, else 400. */
function statusOf(failure: DomainFailure): 400 | 404 | 409 {
  if (failure.kind === "notFound") return 404;
  return failure.kind === "invalid" ? 400 : 409;
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireHrAdmin(request, "newsletter");
  const issueId = issueIdOf(params);
  const db = getDb();
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "texts" || intent === "addSection") {
    const submission = parseWithZod(formData, { schema: intent === "texts" ? issueTextsSchema(t) : sectionSchema(t) });
    if (submission.status !== "success") return json<ActionData>({ form: intent, result: submission.reply() }, { status: 400 });
    try {
      if (submission.value.intent === "texts") {
        const { intent: _intent, ...texts } = submission.value;
        await saveIssueTexts(db, issueId, texts);
        return back(issueId, "texts");
      }
      if (submission.value.intent === "addSection") {
        await addSection(db, issueId, submission.value);
        return back(issueId, "sectionAdded", "#sections");
      }
    } catch (error) {
      if (!isDomainFailure(error)) throw error;
      return json<ActionData>({ form: intent, result: failureReply(submission, error, locale) }, { status: statusOf(error) });
    }
  }

  if (intent === "editSection") {
    const submission = parseWithZod(formData, { schema: sectionSchema(t) });
    // The errors go beside the section the form edits: an id that names none has nowhere to show them.
    refuseHiddenFieldErrors(submission, ["sectionId"]);
    if (submission.status === "success" && !submission.value.sectionId) throw badRequest("sectionId is missing");
    const sectionId = String(formData.get("sectionId") ?? "");
    if (submission.status !== "success" || !submission.value.sectionId) {
      const reported = submission.status === "success" ? {} : (submission.error ?? {});
      const errors: Record<string, string[]> = Object.fromEntries(Object.entries(reported).map(([field, messages]) => [field, messages ?? []]));
      return json<ActionData>({ form: "section", sectionId, errors: Object.keys(errors).length ? errors : { "": [t("compose.errors.invalidRequest")] } }, { status: 400 });
    }
    try {
      await editSection(db, issueId, submission.value.sectionId, submission.value);
      return back(issueId, "sectionSaved", `#section-${submission.value.sectionId}`);
    } catch (error) {
      if (!isDomainFailure(error)) throw error;
      if (error.kind === "notFound") throw notFound("No such section in this issue");
      const { fieldErrors, formErrors } = groupFailures(error.failures, (failure) => failureText(failure, locale));
      return json<ActionData>({ form: "section", sectionId, errors: { ...fieldErrors, "": formErrors } }, { status: statusOf(error) });
    }
  }

  if (intent === "openings") {
    const chosen = z.array(z.uuid()).max(ISSUE_OPENINGS_MAX).safeParse(formData.getAll("openingId"));
    if (!chosen.success) return json<ActionData>({ form: "buttons", errors: [t("compose.openings.invalid", { max: ISSUE_OPENINGS_MAX })] }, { status: 400 });
    try {
      await setIssueOpenings(db, issueId, chosen.data);
      return back(issueId, "openings", "#openings");
    } catch (error) {
      if (!isDomainFailure(error)) throw error;
      return json<ActionData>({ form: "buttons", errors: error.failures.map((failure) => failureText(failure, locale)) }, { status: statusOf(error) });
    }
  }

  const button = composeButtonSchema.safeParse(Object.fromEntries(formData));
  if (!button.success) return json<ActionData>({ form: "buttons", errors: [t("compose.errors.invalidRequest")] }, { status: 400 });
  const value = button.data;
  try {
    switch (value.intent) {
      case "addItem":
        await addItem(db, issueId, value.sectionId, value.feedItemId);
        return back(issueId, "itemAdded", `#section-${value.sectionId}`);
      case "removeItem":
        await removeItem(db, issueId, value.sectionId, value.feedItemId);
        return back(issueId, "itemRemoved", "#sections");
      case "moveItem":
        await moveItem(db, issueId, value.sectionId, value.feedItemId, value.direction);
        return back(issueId, "moved", "#sections");
      case "moveSection":
        await moveSection(db, issueId, value.sectionId, value.direction);
        return back(issueId, "moved", "#sections");
      case "removeSection":
        await removeSection(db, issueId, value.sectionId);
        return back(issueId, "sectionRemoved", "#sections");
      case "duplicate": {
        const copy = await duplicateIssue(db, issueId, { userId: user.id });
        return back(copy.issueId, "duplicated");
      }
      case "pulse":
        await setIssuePulse(db, issueId, value.pulseId || null);
        return back(issueId, "pulse", "#pulse");
      case "sendTest": {
        const verdict = await consumeRateLimit("newsletterTestsByPerson", user.id);
        if (!verdict.allowed) {
          const message = failureText({ code: "newsletter.testThrottled", values: { minutes: retryAfterMinutes(verdict.retryAfterMs) } }, locale);
          return json<ActionData>({ form: "buttons", errors: [message] }, { status: 429, headers: retryAfterHeaders(verdict.retryAfterMs) });
        }
        await sendIssueTest(db, issueId, { userId: user.id, email: user.email, locale });
        return back(issueId, "testSent", "#test");
      }
    }
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    return json<ActionData>({ form: "buttons", errors: error.failures.map((failure) => failureText(failure, locale)) }, { status: statusOf(error) });
  }
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "compose.metaTitle", "newsletter");

/** A refused test's Retry-After reaches the browser also when the form was posted without JavaScript. */
export const headers: HeadersFunction = retryAfterFromAction;

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function TextsForm({ data, actionData }: { data: LoaderData; actionData: ActionData | undefined }) {
  const { t } = useTranslation("newsletter");
  const isPending = useIsPending({ intent: "texts" });
  const lastResult = actionData?.form === "texts" ? actionData.result : undefined;
  const [form, fields] = useValidatedForm(() => issueTextsSchema(t), {
    id: "issue-texts",
    lastResult,
    defaultValue: {
      intent: "texts",
      subjectEn: data.texts.en.subject,
      preheaderEn: data.texts.en.preheader,
      introEn: data.texts.en.introMarkdown,
      subjectFr: data.texts.fr?.subject ?? "",
      preheaderFr: data.texts.fr?.preheader ?? "",
      introFr: data.texts.fr?.introMarkdown ?? "",
    },
  });
  const disabled = !data.editable;
  return (
    <section className="card" aria-labelledby="texts-title">
      <h2 id="texts-title">{t("compose.textsTitle")}</h2>
      <p className="muted">{t("compose.textsLead")}</p>
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="texts" />
        <FormErrorSummary id={form.errorId} errors={form.errors} />
        <div className="newsletter-languages">
          {(["En", "Fr"] as const).map((suffix) => (
            <fieldset key={suffix} className="stack" disabled={disabled}>
              <legend>{t(suffix === "En" ? "compose.english" : "compose.french")}</legend>
              <Field
                label={t("compose.fields.subject")}
                errors={fields[`subject${suffix}`].errors}
                inputProps={{ ...getInputProps(fields[`subject${suffix}`], { type: "text" }), required: suffix === "En", maxLength: ISSUE_LIMITS.subject }}
              />
              <Field
                label={t("compose.fields.preheader")}
                hint={t("compose.fields.preheaderHint")}
                errors={fields[`preheader${suffix}`].errors}
                inputProps={{ ...getInputProps(fields[`preheader${suffix}`], { type: "text" }), maxLength: ISSUE_LIMITS.preheader }}
              />
              <Field
                label={t("compose.fields.intro")}
                hint={t("compose.fields.introHint")}
                errors={fields[`intro${suffix}`].errors}
                textareaProps={{ ...getTextareaProps(fields[`intro${suffix}`]), rows: 8, maxLength: ISSUE_LIMITS.intro }}
              />
            </fieldset>
          ))}
        </div>
        {data.editable ? (
          <div>
            <Button pending={isPending}>{t("compose.saveTexts")}</Button>
          </div>
        ) : null}
      </Form>
    </section>
  );
}

function SectionTitleForm({ section, actionData }: { section: LoaderData["sections"][number]; actionData: ActionData | undefined }) {
  const { t } = useTranslation("newsletter");
  const errors = actionData?.form === "section" && actionData.sectionId === section.id ? actionData.errors : {};
  return (
    <Form method="post" className="newsletter-section__title-form">
      <input type="hidden" name="intent" value="editSection" />
      <input type="hidden" name="sectionId" value={section.id} />
      <FormErrorSummary errors={errors[""]} />
      <Field label={t("compose.fields.sectionTitleEn")} errors={errors.titleEn} inputProps={{ name: "titleEn", id: `title-en-${section.id}`, defaultValue: section.titleEn, required: true, maxLength: ISSUE_LIMITS.sectionTitle }} />
      <Field label={t("compose.fields.sectionTitleFr")} errors={errors.titleFr} inputProps={{ name: "titleFr", id: `title-fr-${section.id}`, defaultValue: section.titleFr ?? "", maxLength: ISSUE_LIMITS.sectionTitle }} />
      <div>
        <Button variant="ghost" size="small">
          {t("compose.saveSection")}
        </Button>
      </div>
    </Form>
  );
}

/** One small POST form: the intent, what it acts on, and the button. */
function ActionButton({ fields, label, ariaLabel, disabled, variant = "ghost" }: { fields: Record<string, string>; label: string; ariaLabel?: string; disabled?: boolean; variant?: "ghost" | "danger" }) {
  return (
    <Form method="post" className="inline-form">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <Button variant={variant} size="small" disabled={disabled} aria-label={ariaLabel}>
        {label}
      </Button>
    </Form>
  );
}

/** The "Open roles" section: which open openings the issue carries; only readers who consented to openings get it. */
function OpeningsCard({ data }: { data: LoaderData }) {
  const { t } = useTranslation("newsletter");
  const { openingChoices, chosenOpenings, editable, locale } = data;
  const chosenIds = new Set(chosenOpenings.map((opening) => opening.id));
  // A chosen opening closed since stays listed (checked) so that saving does not drop it silently; the server then refuses it.
  const choices = [...openingChoices, ...chosenOpenings.filter((opening) => !openingChoices.some((choice) => choice.id === opening.id)).map((opening) => ({ id: opening.id, label: localized(opening.title, locale) }))];
  return (
    <section className="card stack" id="openings" aria-labelledby="openings-title">
      <h2 id="openings-title">{t("compose.openings.title")}</h2>
      <p className="muted">{t("compose.openings.lead")}</p>
      {chosenOpenings.length > 0 ? (
        <ul>
          {chosenOpenings.map((opening) => (
            <li key={opening.id}>{localized(opening.title, locale)}</li>
          ))}
        </ul>
      ) : (
        <p>{t("compose.openings.none")}</p>
      )}
      {editable ? (
        choices.length === 0 ? (
          <p className="muted">{t("compose.openings.noneOpen")}</p>
        ) : (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="openings" />
            <fieldset className="fieldset">
              <legend>{t("compose.openings.label", { max: ISSUE_OPENINGS_MAX })}</legend>
              {choices.map((choice) => (
                <Field key={choice.id} label={choice.label} inputProps={{ type: "checkbox", name: "openingId", value: choice.id, id: `opening-choice-${choice.id}`, defaultChecked: chosenIds.has(choice.id) }} />
              ))}
            </fieldset>
            <div>
              <Button variant="ghost">{t("compose.openings.save")}</Button>
            </div>
          </Form>
        )
      ) : null}
    </section>
  );
}

/** The pulse block: which open pulse's 0–10 scale the issue carries, each reader with their own links. */
function PulseCard({ data }: { data: LoaderData }) {
  const { t } = useTranslation("newsletter");
  const { pulses, pulseId, pulseQuestion, editable, locale } = data;
  const chosen = pulseQuestion ? localized(pulseQuestion, locale) : null;
  return (
    <section className="card stack" id="pulse" aria-labelledby="pulse-title">
      <h2 id="pulse-title">{t("compose.pulse.title")}</h2>
      <p className="muted">{t("compose.pulse.lead")}</p>
      {chosen ? <p>{t("compose.pulse.chosen", { question: chosen })}</p> : <p>{t("compose.pulse.none")}</p>}
      {editable ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="pulse" />
          <Field label={t("compose.pulse.label")} selectProps={{ name: "pulseId", defaultValue: pulseId ?? "" }}>
            <option value="">{t("compose.pulse.noBlock")}</option>
            {pulses.map((pulse) => (
              <option key={pulse.id} value={pulse.id}>
                {pulse.label}
              </option>
            ))}
          </Field>
          <div>
            <Button variant="ghost">{t("compose.pulse.save")}</Button>
          </div>
        </Form>
      ) : null}
    </section>
  );
}

function SectionsCard({ data, actionData }: { data: LoaderData; actionData: ActionData | undefined }) {
  const { t } = useTranslation("newsletter");
  const { sections, editable, locale } = data;
  const allItems = sections.flatMap((section) => section.items.map((item) => item.id));
  return (
    <section className="card" id="sections" aria-labelledby="sections-title">
      <h2 id="sections-title">{t("compose.sectionsTitle")}</h2>
      <p className="muted">{t("compose.sectionsLead")}</p>
      {sections.length === 0 ? <p>{t("compose.noSections")}</p> : null}
      <ol className="newsletter-sections">
        {sections.map((section, sectionIndex) => (
          <li key={section.id} id={`section-${section.id}`} className="newsletter-section">
            <div className="newsletter-section__header">
              <h3>{section.titleFr ? `${section.titleEn} / ${section.titleFr}` : section.titleEn}</h3>
              {editable ? (
                <div className="inline-form">
                  <ActionButton fields={{ intent: "moveSection", sectionId: section.id, direction: "up" }} label={t("compose.moveUp")} ariaLabel={t("compose.moveSectionUp", { title: section.titleEn })} disabled={sectionIndex === 0} />
                  <ActionButton
                    fields={{ intent: "moveSection", sectionId: section.id, direction: "down" }}
                    label={t("compose.moveDown")}
                    ariaLabel={t("compose.moveSectionDown", { title: section.titleEn })}
                    disabled={sectionIndex === sections.length - 1}
                  />
                  <ActionButton fields={{ intent: "removeSection", sectionId: section.id }} label={t("compose.removeSection")} ariaLabel={t("compose.removeSectionLabel", { title: section.titleEn })} variant="danger" />
                </div>
              ) : null}
            </div>
            {section.items.length === 0 ? (
              <p className="muted">{t("compose.emptySection")}</p>
            ) : (
              <ol className="newsletter-items">
                {section.items.map((item) => {
                  const overall = allItems.indexOf(item.id);
                  return (
                    <li key={item.id} className="newsletter-item">
                      <div>
                        <strong>{item.title}</strong>
                        <div className="muted">{`${item.source} · ${formatDate(item.day, locale)}`}</div>
                      </div>
                      {editable ? (
                        <div className="inline-form">
                          <ActionButton fields={{ intent: "moveItem", sectionId: section.id, feedItemId: item.id, direction: "up" }} label={t("compose.moveUp")} ariaLabel={t("compose.moveItemUp", { title: item.title })} disabled={overall === 0} />
                          <ActionButton
                            fields={{ intent: "moveItem", sectionId: section.id, feedItemId: item.id, direction: "down" }}
                            label={t("compose.moveDown")}
                            ariaLabel={t("compose.moveItemDown", { title: item.title })}
                            disabled={overall === allItems.length - 1}
                          />
                          <ActionButton fields={{ intent: "removeItem", sectionId: section.id, feedItemId: item.id }} label={t("compose.removeItem")} ariaLabel={t("compose.removeItemLabel", { title: item.title })} variant="danger" />
                        </div>
                      ) : null}
                    </li>
                  );
                })}
              </ol>
            )}
            {editable ? (
              <details className="newsletter-section__edit">
                <summary>{t("compose.editSection", { title: section.titleEn })}</summary>
                <SectionTitleForm section={section} actionData={actionData} />
              </details>
            ) : null}
          </li>
        ))}
      </ol>
      {/* A new form after each change: the title just added does not stay in the field. */}
      {editable ? <AddSectionForm key={data.version} actionData={actionData} /> : null}
    </section>
  );
}

function AddSectionForm({ actionData }: { actionData: ActionData | undefined }) {
  const { t } = useTranslation("newsletter");
  const lastResult = actionData?.form === "addSection" ? actionData.result : undefined;
  const [form, fields] = useValidatedForm(() => sectionSchema(t), { id: "add-section", lastResult, defaultValue: { intent: "addSection" } });
  return (
    <Form method="post" {...getFormProps(form)} className="stack newsletter-add-section">
      <input type="hidden" name="intent" value="addSection" />
      <h3>{t("compose.addSection")}</h3>
      <FormErrorSummary id={form.errorId} errors={form.errors} />
      <Field label={t("compose.fields.sectionTitleEn")} errors={fields.titleEn.errors} inputProps={{ ...getInputProps(fields.titleEn, { type: "text" }), required: true, maxLength: ISSUE_LIMITS.sectionTitle }} />
      <Field label={t("compose.fields.sectionTitleFr")} errors={fields.titleFr.errors} inputProps={{ ...getInputProps(fields.titleFr, { type: "text" }), maxLength: ISSUE_LIMITS.sectionTitle }} />
      <div>
        <Button>{t("compose.addSection")}</Button>
      </div>
    </Form>
  );
}

function CandidatesCard({ data }: { data: LoaderData }) {
  const { t } = useTranslation("newsletter");
  const { candidates, sections, q, locale } = data;
  const lastSection = sections[sections.length - 1];
  return (
    <section className="card" id="items" aria-labelledby="items-title">
      <h2 id="items-title">{t("compose.itemsTitle")}</h2>
      <p className="muted">{t("compose.itemsLead", { count: CANDIDATE_LIMIT })}</p>
      <Form method="get" className="newsletter-search" action="#items">
        <Field label={t("compose.fields.search")} inputProps={{ name: "q", type: "search", defaultValue: q, maxLength: ISSUE_LIMITS.search }} />
        <Button variant="ghost">{t("compose.searchSubmit")}</Button>
        {q ? <Link to="?#items">{t("compose.searchClear")}</Link> : null}
      </Form>
      {!lastSection ? <p>{t("compose.needSection")}</p> : null}
      {candidates.length === 0 ? (
        <p>{t("compose.noCandidates")}</p>
      ) : (
        <ul className="newsletter-candidates">
          {candidates.map((item) => (
            <li key={item.id} className="newsletter-item">
              <div>
                <strong>{item.title}</strong>
                <div className="muted">{`${item.sourceName} · ${formatDate(item.datedAt, locale)}`}</div>
              </div>
              {lastSection ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="addItem" />
                  <input type="hidden" name="feedItemId" value={item.id} />
                  <label className="visually-hidden" htmlFor={`section-for-${item.id}`}>
                    {t("compose.fields.section")}
                  </label>
                  <select id={`section-for-${item.id}`} name="sectionId" defaultValue={lastSection.id}>
                    {sections.map((section) => (
                      <option key={section.id} value={section.id}>
                        {section.titleEn}
                      </option>
                    ))}
                  </select>
                  <Button size="small" aria-label={t("compose.addItemLabel", { title: item.title })}>
                    {t("compose.addItem")}
                  </Button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Makes a preview frame as tall as the email once it has loaded, so the whole issue shows at that
 * width without scrolling inside the frame. Without JavaScript the frames keep their fixed height.
 */
function PreviewFrame({ src, title, width }: { src: string; title: string; width: "desktop" | "phone" }) {
  const frame = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    const element = frame.current;
    if (!element) return;
    const fit = () => {
      const root = element.contentDocument?.documentElement;
      if (root) element.style.height = `${root.scrollHeight + 2}px`;
    };
    element.addEventListener("load", fit);
    if (element.contentDocument?.readyState === "complete" && element.contentDocument.URL !== "about:blank") fit();
    return () => element.removeEventListener("load", fit);
  }, [src]);
  return (
    // As in the outbox: no script runs in the email (no allow-scripts, and its own CSP says
    // default-src 'none'); allow-same-origin lets this page read the email's height.
    <iframe
      ref={frame}
      src={src}
      title={title}
      sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
      referrerPolicy="no-referrer"
      className="newsletter-preview__frame"
      data-width={width}
    />
  );
}

function PreviewCard({ data }: { data: LoaderData }) {
  const { t } = useTranslation("newsletter");
  const src = `/admin/newsletter/${data.issueId}/preview?lang=${data.previewLang}&v=${data.version}`;
  return (
    <section className="card" id="preview" aria-labelledby="preview-title">
      <h2 id="preview-title">{t("compose.previewTitle")}</h2>
      <p className="muted">{t("compose.previewLead")}</p>
      <nav aria-label={t("compose.previewLanguage")} className="inline-form">
        {(["en", "fr"] as const).map((lang) => (
          <Link key={lang} to={`?lang=${lang}#preview`} aria-current={data.previewLang === lang ? "true" : undefined} className={data.previewLang === lang ? "button button--small" : "button button--ghost button--small"}>
            {lang === "en" ? "English" : "Français"}
          </Link>
        ))}
      </nav>
      <div className="newsletter-previews">
        {(["desktop", "phone"] as const).map((width) => (
          <figure key={width} className={`newsletter-preview newsletter-preview--${width}`}>
            <figcaption>{t(width === "desktop" ? "compose.previewDesktop" : "compose.previewPhone")}</figcaption>
            <PreviewFrame
              key={src}
              src={src}
              width={width}
              title={t("compose.previewFrame", { width: t(width === "desktop" ? "compose.previewDesktop" : "compose.previewPhone") })}
            />
          </figure>
        ))}
      </div>
      <p>
        <a href={src} target="_blank" rel="noreferrer">
          {t("compose.previewOpen")}
        </a>
      </p>
    </section>
  );
}

export default function ComposeTab() {
  const { t } = useTranslation("newsletter");
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const isPending = useIsPending({ intent: "sendTest" });
  return (
    <div className="stack">
      {data.notice ? (
        <Alert tone="success">
          <p>{t(`compose.notice.${data.notice}`, { email: data.editorEmail })}</p>
        </Alert>
      ) : null}
      {actionData?.form === "buttons" ? (
        <Alert tone="error">
          {actionData.errors.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </Alert>
      ) : null}
      {!data.editable ? (
        <Alert tone="info">
          <p>{t("compose.readOnly")}</p>
        </Alert>
      ) : null}
      <TextsForm data={data} actionData={actionData} />
      <SectionsCard data={data} actionData={actionData} />
      {data.editable ? <CandidatesCard data={data} /> : null}
      <PulseCard data={data} />
      <OpeningsCard data={data} />
      <PreviewCard data={data} />
      <section className="card" id="test" aria-labelledby="test-title">
        <h2 id="test-title">{t("compose.testTitle")}</h2>
        <p className="muted">{t("compose.testLead", { email: data.editorEmail })}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="sendTest" />
          <Button pending={isPending}>{t("compose.testSubmit")}</Button>
        </Form>
      </section>
      <section className="card" aria-labelledby="duplicate-title">
        <h2 id="duplicate-title">{t("compose.duplicateTitle")}</h2>
        <p className="muted">{t("compose.duplicateLead")}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="duplicate" />
          <Button variant="ghost">{t("compose.duplicate")}</Button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
