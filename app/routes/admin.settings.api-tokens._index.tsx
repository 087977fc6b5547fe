import { getFormProps, getInputProps, getSelectProps } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Alert } from "~/components/alert";
import { Button, ButtonLink } from "~/components/button";
import { EmptyState } from "~/components/empty-state";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field } from "~/components/field";
import { FormErrorSummary } from "~/components/form-error-summary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge, type StatusTone } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { useIsPending } from "~/components/forms/use-is-pending";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { readFormData } from "~/modules/auth/http.server";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { API_TOKEN_EXPIRY_CHOICES, API_TOKEN_NAME_MAX, apiTokenOptionsSchema } from "~/modules/integrations/api-token-schemas";
import { createApiToken, listApiTokens, type ApiTokenState } from "~/modules/integrations/api-tokens.server";
import { getEnv } from "~/utils/env.server";
import { formatDate, formatDateTime } from "~/utils/format";

type Translate = (key: string, options?: Record<string, unknown>) => string;

function tokenFormSchema(t: Translate) {
  return apiTokenOptionsSchema({
    nameRequired: t("tokens.validation.nameRequired"),
    nameTooLong: t("tokens.validation.nameTooLong", { max: API_TOKEN_NAME_MAX }),
    expiryInvalid: t("tokens.validation.expiryInvalid"),
  });
}

export async function loader({ request }: LoaderFunctionArgs) {
  const { locale } = await requireHrAdmin(request, "integrations");
  const tokens = await listApiTokens();
  const url = new URL(request.url);
  const revokedId = url.searchParams.get("revoked");
  return json({
    tokens: tokens.map((token) => ({
      id: token.id,
      name: token.name,
      createdAt: token.createdAt.toISOString(),
      createdByName: token.createdByName,
      lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
      expiresAt: token.expiresAt?.toISOString() ?? null,
      state: token.state,
    })),
    revokedName: revokedId ? (tokens.find((token) => token.id === revokedId && token.state === "revoked")?.name ?? null) : null,
    locale,
    timeZone: getEnv().COMPANY_TIME_ZONE,
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const { user, t } = await requireHrAdmin(request, "integrations");
  const submission = parseWithZod(await readFormData(request), { schema: tokenFormSchema(t) });
  if (submission.status !== "success") {
    return json({ result: submission.reply(), created: null }, { status: 400 });
  }
  const { token, apiToken } = await createApiToken({ ...submission.value, createdBy: user.id });
  // The secret is in this one response and nowhere else: no redirect (it would need storing), no caching.
  return json(
    {
      result: submission.reply({ resetForm: true }),
      created: { id: apiToken.id, name: apiToken.name, token, expiresAt: apiToken.expires_at?.toISOString() ?? null },
    },
    { headers: { "Cache-Control": "no-store" } },
  );
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "tokens.metaTitle", "integrations");

const STATE_TONES: Record<ApiTokenState, StatusTone> = { active: "success", revoked: "danger", expired: "warning" };

/** Copies the token when JavaScript runs; without it the field is selectable and the hint says to copy it. */
function CopyButton({ value }: { value: string }) {
  const { t } = useTranslation("integrations");
  const [available, setAvailable] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setAvailable(typeof navigator !== "undefined" && Boolean(navigator.clipboard)), []);
  if (!available) return null;
  return (
    <Button
      type="button"
      variant="ghost"
      size="small"
      onClick={() => {
        void navigator.clipboard.writeText(value).then(() => setCopied(true));
      }}
    >
      {copied ? t("tokens.copied") : t("tokens.copy")}
    </Button>
  );
}

export default function ApiTokensPage() {
  const { t } = useTranslation("integrations");
  const { tokens, revokedName, locale, timeZone } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const isPending = useIsPending();
  const created = actionData?.created ?? null;
  const [form, fields] = useValidatedForm(() => tokenFormSchema(t), {
    id: "create-api-token",
    lastResult: actionData?.result,
    // Without a default, resetting the form after a creation leaves the list with no option chosen.
    defaultValue: { name: "", expiresInDays: "" },
  });

  return (
    <div className="stack">
      <p className="settings-back">
        <Link to="/admin/settings">{t("tokens.backToSettings")}</Link>
      </p>
      <PageHeader
        title={t("tokens.title")}
        lead={t("tokens.lead")}
        actions={
          <ButtonLink to="/api/docs" variant="ghost">
            {t("tokens.docsLink")}
          </ButtonLink>
        }
      />

      {created ? (
        <Alert tone="success" title={t("tokens.createdTitle", { name: created.name })}>
          <p>{t("tokens.createdOnce")}</p>
          <Field
            label={t("tokens.tokenLabel")}
            hint={t("tokens.copyHint")}
            inputProps={{
              id: "new-api-token",
              type: "text",
              readOnly: true,
              value: created.token,
              autoComplete: "off",
              spellCheck: false,
              onFocus: (event) => event.currentTarget.select(),
            }}
          />
          <CopyButton value={created.token} />
        </Alert>
      ) : null}
      {revokedName ? (
        <Alert tone="success">
          <p>{t("tokens.revoked", { name: revokedName })}</p>
        </Alert>
      ) : null}

      <section className="card" aria-labelledby="tokens-list-title">
        <h2 id="tokens-list-title">{t("tokens.listTitle")}</h2>
        {tokens.length === 0 ? (
          <EmptyState title={t("tokens.empty")} description={t("tokens.emptyBody")} headingLevel={3} />
        ) : (
          <TableScroll label={t("tokens.listTitle")}>
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("tokens.columns.name")}</th>
                  <th scope="col">{t("tokens.columns.created")}</th>
                  <th scope="col">{t("tokens.columns.lastUsed")}</th>
                  <th scope="col">{t("tokens.columns.expires")}</th>
                  <th scope="col">{t("tokens.columns.status")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("tokens.columns.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {tokens.map((token) => (
                  <tr key={token.id}>
                    <td>{token.name}</td>
                    <td>
                      {formatDate(token.createdAt, locale, { timeZone })}
                      {token.createdByName ? <span className="muted"> · {token.createdByName}</span> : null}
                    </td>
                    <td>{token.lastUsedAt ? formatDateTime(token.lastUsedAt, locale, { timeZone }) : t("tokens.neverUsed")}</td>
                    <td>{token.expiresAt ? formatDate(token.expiresAt, locale, { timeZone }) : t("tokens.noExpiry")}</td>
                    <td>
                      <StatusBadge tone={STATE_TONES[token.state]}>{t(`tokens.states.${token.state}`)}</StatusBadge>
                    </td>
                    <td>
                      {token.state === "active" ? (
                        <Link to={`/admin/settings/api-tokens/${token.id}/revoke`}>
                          {t("tokens.revoke")}
                          <span className="visually-hidden"> {token.name}</span>
                        </Link>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>

      <section className="card" aria-labelledby="tokens-create-title">
        <h2 id="tokens-create-title">{t("tokens.createTitle")}</h2>
        <p>{t("tokens.createLead")}</p>
        <Form method="post" {...getFormProps(form)} key={created?.id ?? "new"}>
          <FormErrorSummary id={form.errorId} errors={form.errors} />
          <Field
            label={t("tokens.fields.name")}
            hint={t("tokens.fields.nameHint")}
            errors={fields.name.errors}
            inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off", required: true, maxLength: API_TOKEN_NAME_MAX }}
          />
          <Field
            label={t("tokens.fields.expiry")}
            hint={t("tokens.fields.expiryHint")}
            errors={fields.expiresInDays.errors}
            selectProps={getSelectProps(fields.expiresInDays)}
          >
            <option value="">{t("tokens.fields.noExpiry")}</option>
            {API_TOKEN_EXPIRY_CHOICES.map((days) => (
              <option key={days} value={String(days)}>
                {t("tokens.fields.days", { count: days })}
              </option>
            ))}
          </Field>
          <Button pending={isPending}>{t("tokens.createSubmit")}</Button>
        </Form>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
