import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page-header";
import { pageTitle } from "~/components/page-title";
import { StatusBadge, type StatusTone } from "~/components/status-badge";
import { TableScroll } from "~/components/table-scroll";
import { getOptionalUser } from "~/modules/auth/session.server";
import { resolveLocale } from "~/modules/i18n/i18n.server";
import { buildReference, type ReferenceField } from "~/modules/integrations/reference.server";
import { getEnv } from "~/utils/env.server";
import { formatNumber } from "~/utils/format";

/**
 * The HRIS API reference: a readable rendering of /api/v1/openapi.json. Public, like the document
 * itself: the developer of an integration may have no account here.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const locale = await resolveLocale(request, user?.locale);
  const serverUrl = getEnv().APP_URL ?? new URL(request.url).origin;
  return json({ ...(await buildReference(serverUrl, locale)), locale, isHrAdmin: user?.role === "hr_admin" });
}

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "docs.metaTitle", "integrations");

/** A path that may wrap after each "/" on a narrow screen (it has no spaces to break at). */
function ApiPath({ path }: { path: string }) {
  const parts = path.split("/");
  return (
    <code>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 ? (
            <>
              /<wbr />
            </>
          ) : null}
          {part}
        </Fragment>
      ))}
    </code>
  );
}

const METHOD_TONES: Record<string, StatusTone> = { GET: "info", POST: "success", PATCH: "warning", DELETE: "danger" };

function FieldTable({ fields, caption }: { fields: ReferenceField[]; caption: string }) {
  const { t } = useTranslation("integrations");
  return (
    <TableScroll label={caption}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t("docs.columns.field")}</th>
            <th scope="col">{t("docs.columns.type")}</th>
            <th scope="col">{t("docs.columns.description")}</th>
          </tr>
        </thead>
        <tbody>
          {fields.map((field) => (
            <tr key={field.name}>
              <td>
                <code>{field.name}</code>
                <br />
                <span className="muted">{field.required ? t("docs.required") : t("docs.optional")}</span>
              </td>
              <td>
                {field.format ? t("docs.typeWithFormat", { type: field.type, format: field.format }) : field.type}
                {field.nullable ? <span className="muted"> {t("docs.orNull")}</span> : null}
              </td>
              <td>
                {field.description ? <p>{field.description}</p> : null}
                {field.enumValues ? (
                  <p>
                    {t("docs.oneOf")} {field.enumValues.map((value, index) => (
                      <span key={value}>
                        {index > 0 ? ", " : ""}
                        <code>{value}</code>
                      </span>
                    ))}
                  </p>
                ) : null}
                {field.maxLength !== null ? <p className="muted">{t("docs.maxLength", { count: field.maxLength })}</p> : null}
                {field.minimum !== null && field.maximum !== null ? (
                  <p className="muted">{t("docs.range", { min: field.minimum, max: field.maximum })}</p>
                ) : null}
                {field.defaultValue !== null ? (
                  <p className="muted">
                    {t("docs.default")} <code>{field.defaultValue}</code>
                  </p>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export default function ApiReferencePage() {
  const { t } = useTranslation("integrations");
  const data = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <PageHeader title={t("docs.title")} lead={t("docs.lead")} />

      <nav className="card" aria-labelledby="docs-contents">
        <h2 id="docs-contents">{t("docs.contents")}</h2>
        <ul>
          <li>
            <a href="#authentication">{t("docs.authTitle")}</a>
          </li>
          <li>
            <a href="#conventions">{t("docs.conventionsTitle")}</a>
          </li>
          {data.endpoints.map((endpoint) => (
            <li key={endpoint.id}>
              <a href={`#${endpoint.id}`}>
                <code>{endpoint.method}</code> <ApiPath path={endpoint.path} />
              </a>
            </li>
          ))}
          <li>
            <a href="#errors">{t("docs.errorsTitle")}</a>
          </li>
        </ul>
        <p>
          <a href="/api/v1/openapi.json">{t("docs.openApiLink")}</a>
        </p>
      </nav>

      <section className="card" id="authentication" aria-labelledby="authentication-title">
        <h2 id="authentication-title">{t("docs.authTitle")}</h2>
        <p>{t("docs.authBody")}</p>
        <pre className="plain-text">Authorization: Bearer alp_…</pre>
        <p>{t("docs.authCli")}</p>
        <pre className="plain-text">npm run cli -- api-token:create --name "Workday sync" --expires-in-days 365</pre>
        {data.isHrAdmin ? (
          <p>
            <Link to="/admin/settings/api-tokens">{t("docs.manageTokens")}</Link>
          </p>
        ) : null}
        <p>{t("docs.authErrors")}</p>
      </section>

      <section className="card" id="conventions" aria-labelledby="conventions-title">
        <h2 id="conventions-title">{t("docs.conventionsTitle")}</h2>
        <dl className="details">
          <dt>{t("docs.baseUrl")}</dt>
          <dd>
            <code>{data.serverUrl}/api/v1</code>
          </dd>
          <dt>{t("docs.format")}</dt>
          <dd>{t("docs.formatBody", { bytes: formatNumber(data.bodyLimitBytes, data.locale) })}</dd>
          <dt>{t("docs.dates")}</dt>
          <dd>{t("docs.datesBody")}</dd>
          <dt>{t("docs.rateLimit")}</dt>
          <dd>{t("docs.rateLimitBody", { count: data.rateLimitPerMinute })}</dd>
          <dt>{t("docs.idempotency")}</dt>
          <dd>{t("docs.idempotencyBody")}</dd>
          <dt>{t("docs.pagination")}</dt>
          <dd>{t("docs.paginationBody")}</dd>
          <dt>{t("docs.reasons")}</dt>
          <dd>
            {data.reasons.length === 0 ? (
              t("docs.noReasons")
            ) : (
              <ul>
                {data.reasons.map((reason) => (
                  <li key={reason.code}>
                    <code>{reason.code}</code> · {reason.label}
                  </li>
                ))}
              </ul>
            )}
          </dd>
        </dl>
      </section>

      {data.endpoints.map((endpoint) => (
        <section className="card" id={endpoint.id} key={endpoint.id} aria-labelledby={`${endpoint.id}-title`}>
          <h2 id={`${endpoint.id}-title`}>
            <StatusBadge tone={METHOD_TONES[endpoint.method] ?? "neutral"}>{endpoint.method}</StatusBadge> <ApiPath path={endpoint.path} />
          </h2>
          <p>
            <strong>{endpoint.summary}</strong>
          </p>
          {endpoint.description ? <p>{endpoint.description}</p> : null}
          {endpoint.parameters.length > 0 ? (
            <>
              <h3>{t("docs.parameters")}</h3>
              <FieldTable fields={endpoint.parameters} caption={t("docs.parametersOf", { method: endpoint.method, path: endpoint.path })} />
            </>
          ) : null}
          {endpoint.body ? (
            <>
              <h3>{t("docs.body")}</h3>
              <FieldTable fields={endpoint.body} caption={t("docs.bodyOf", { method: endpoint.method, path: endpoint.path })} />
            </>
          ) : null}
          <h3>{t("docs.responses")}</h3>
          <dl className="details">
            {endpoint.responses.map((response) => (
              <Fragment key={response.status}>
                <dt>{response.status}</dt>
                <dd>{response.description}</dd>
              </Fragment>
            ))}
          </dl>
          <h3>{t("docs.example")}</h3>
          <pre className="plain-text">{endpoint.curl}</pre>
        </section>
      ))}

      <section className="card" id="errors" aria-labelledby="errors-title">
        <h2 id="errors-title">{t("docs.errorsTitle")}</h2>
        <p>{t("docs.errorsBody")}</p>
        <pre className="plain-text">{JSON.stringify(data.exampleProblem, null, 2)}</pre>
        <TableScroll label={t("docs.errorsTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("docs.columns.status")}</th>
                <th scope="col">{t("docs.columns.title")}</th>
                <th scope="col">{t("docs.columns.when")}</th>
              </tr>
            </thead>
            <tbody>
              {data.problems.map((problem) => (
                <tr key={problem.type} id={`problem-${problem.type}`}>
                  <td>{problem.status}</td>
                  <td>{problem.title}</td>
                  <td>{t(`docs.problems.${problem.type}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
        <h3 id="failures">{t("docs.failuresTitle")}</h3>
        <p>{t("docs.failuresBody")}</p>
        <TableScroll label={t("docs.failuresTitle")}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{t("docs.columns.code")}</th>
                <th scope="col">{t("docs.columns.message")}</th>
              </tr>
            </thead>
            <tbody>
              {data.failures.map((failure) => (
                <tr key={failure.code} id={`failure-${failure.code}`}>
                  <td>
                    <code>{failure.code}</code>
                  </td>
                  <td lang="en">{failure.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
