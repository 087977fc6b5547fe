import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { ShareNetwork } from "../../db/schema";
import { Alert } from "~/components/alert";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { shareFormSchema } from "~/modules/advocacy/share-form";
import { recordShare } from "~/modules/advocacy/shares.server";
import { shareUrlCarriesText } from "~/modules/advocacy/share-urls";
import { hasConsent } from "~/modules/alumni/consents.server";
import { requireRole } from "~/modules/auth/guards.server";
import { readFormData } from "~/modules/auth/http.server";
import { consumeRateLimit, retryAfterHeaders, retryAfterMinutes } from "~/modules/auth/rate-limit.server";
import { STAFF_ROLES } from "~/modules/auth/users.server";
import { findShareableItem, shareBodiesOf } from "~/modules/feeds/share-feed.server";
import { SHARE_NETWORKS, X_LINK_WEIGHT, X_MAX_WEIGHT } from "~/modules/feeds/share-limits";
import { failureText } from "~/modules/i18n/failure-text";
import { getDb } from "~/utils/db.server";
import { groupFailures, isDomainFailure } from "~/utils/failures";
import { requireIdParam } from "~/utils/ids";
import { notFound, retryAfterFromAction } from "~/utils/responses";

/**
 * Sharing one item with the alumnus's own words: the suggested text of each network in their
 * language, editable, with the disclosure line HR set shown under it (appended to whatever they
 * write). Submitting records the share and opens the network's share page in a new tab; LinkedIn
 * and Facebook take only the link, so the text is copied for the alumnus to paste.
 */

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, locale } = await requireRole(request, ["alumnus", ...STAFF_ROLES], "alumni");
  const db = getDb();
  const item = await findShareableItem(db, requireIdParam(params.itemId));
  if (!item) throw notFound();
  const preview = user.role !== "alumnus";
  const consented = preview || (await hasConsent(db, user.id, "share_feed"));
  const { bodies, disclosure } = await shareBodiesOf(db, item, locale);
  return json({ item: { id: item.id, title: item.title, url: item.url, summary: item.summaryText }, bodies, disclosure, locale, preview, consented });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, locale, t } = await requireRole(request, "alumnus", "alumni");
  const itemId = requireIdParam(params.itemId);
  const parsed = shareFormSchema.safeParse(Object.fromEntries(await readFormData(request)));
  if (!parsed.success) {
    return json({ network: null, errors: { "": [t("validation.invalidRequest")] } as Record<string, string[]> }, { status: 400 });
  }
  const verdict = await consumeRateLimit("sharesByPerson", user.id);
  if (!verdict.allowed) {
    const message = failureText({ code: "share.throttled", values: { minutes: retryAfterMinutes(verdict.retryAfterMs) } }, locale);
    return json({ network: parsed.data.network, errors: { "": [message] } as Record<string, string[]> }, { status: 429, headers: retryAfterHeaders(verdict.retryAfterMs) });
  }
  try {
    const share = await recordShare(getDb(), { userId: user.id, itemId, ...parsed.data });
    return redirect(share.shareUrl, 303);
  } catch (error) {
    if (!isDomainFailure(error)) throw error;
    if (error.kind === "notFound") throw notFound();
    const { fieldErrors, formErrors } = groupFailures(error.failures, (failure) => failureText(failure, locale));
    return json({ network: parsed.data.network, errors: { ...fieldErrors, "": formErrors } as Record<string, string[]> }, { status: error.kind === "invalid" ? 400 : 409 });
  }
}

/** A refused share's Retry-After reaches the browser also when the form was posted without JavaScript. */
export const headers: HeadersFunction = retryAfterFromAction;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "share.metaTitle", "alumni");

const graphemes = typeof Intl !== "undefined" && "Segmenter" in Intl ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;

/** About what X counts (the server counts exactly, with X's own library): characters, the line, the link. */
function approximateXLength(body: string, disclosure: string): number {
  const text = disclosure ? `${body.trim()}\n\n${disclosure}` : body.trim();
  const length = graphemes ? Array.from(graphemes.segment(text)).length : text.length;
  return length + 1 + X_LINK_WEIGHT;
}

export default function ShareItemPage() {
  const { item, bodies, disclosure, locale, preview, consented } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation("alumni");
  return (
    <div className="stack narrow-page">
      <p>
        <Link to="/alumni">{t("share.back")}</Link>
      </p>
      <PageHeader title={item.title} lead={t("share.lead")} />
      {preview ? <Alert tone="info">{t("feed.preview")}</Alert> : null}
      {!consented ? (
        <Alert tone="error">
          {t("share.off")} <Link to="/alumni/preferences">{t("feed.turnOn")}</Link>
        </Alert>
      ) : null}
      {actionData?.errors[""]?.length ? <Alert tone="error">{actionData.errors[""].join(" ")}</Alert> : null}
      {SHARE_NETWORKS.map((network) => (
        <ShareForm
          key={network}
          network={network}
          itemId={item.id}
          body={bodies[network]}
          disclosure={disclosure}
          locale={locale}
          disabled={preview || !consented}
          errors={actionData?.network === network ? actionData.errors.text : undefined}
        />
      ))}
    </div>
  );
}

function ShareForm(props: { network: ShareNetwork; itemId: string; body: string; disclosure: string; locale: string; disabled: boolean; errors?: string[] }) {
  const { network, disclosure } = props;
  const { t } = useTranslation("alumni");
  const [body, setBody] = useState(props.body);
  const [copied, setCopied] = useState(false);
  const name = t(`feed.networks.${network}`);
  const fullText = disclosure ? `${body.trim()}\n\n${disclosure}` : body.trim();
  const copy = () => {
    void navigator.clipboard?.writeText(fullText).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };
  const xLength = network === "x" ? approximateXLength(body, disclosure) : 0;
  return (
    <section className="card" aria-labelledby={`share-${network}-title`}>
      <h2 id={`share-${network}-title`}>{name}</h2>
      <form method="post" target="_blank" id={`share-${network}`} onSubmit={shareUrlCarriesText(network) ? undefined : copy}>
        <input type="hidden" name="network" value={network} />
        <input type="hidden" name="language" value={props.locale} />
        <Field
          label={t("share.textLabel", { network: name })}
          hint={disclosure ? t("share.disclosureHint", { line: disclosure }) : undefined}
          errors={props.errors}
          textareaProps={{ id: `share-${network}-text`, name: "text", rows: network === "x" ? 4 : 8, value: body, onChange: (event) => (setBody(event.target.value), setCopied(false)) }}
        />
        {network === "x" ? (
          <p className={xLength > X_MAX_WEIGHT ? "field__error" : "muted"} aria-live="polite">
            {t("share.xCount", { count: xLength, max: X_MAX_WEIGHT })}
          </p>
        ) : (
          <p className="muted">{t("share.pasteHint", { network: name })}</p>
        )}
        <div className="button-row">
          <button type="submit" className="button" disabled={props.disabled}>
            {t("share.submit", { network: name })}
          </button>
          <button type="button" className="button button--ghost" onClick={copy}>
            {t("share.copy")}
          </button>
          <span role="status" className="muted">
            {copied ? t("share.copied") : ""}
          </span>
        </div>
      </form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
