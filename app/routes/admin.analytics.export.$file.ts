import type { LoaderFunctionArgs } from "@remix-run/node";
import Papa from "papaparse";
import { requireHrAdmin } from "~/modules/auth/guards.server";
import { aggregateOfFile, aggregateTable, type CsvTexts } from "~/modules/responses/enps-dashboard-export";
import { loadDashboardPage } from "~/modules/responses/enps-dashboard-page.server";
import { sortGroups } from "~/modules/responses/enps-dashboard-query";
import { departmentBarName, figurePoint } from "~/components/analytics/enps-dashboard";
import type { Translate } from "~/modules/i18n/translator";
import { getDb } from "~/utils/db.server";
import { getEnv } from "~/utils/env.server";
import { todayIn } from "~/utils/calendar-days";

/**
 * /admin/analytics/export/<aggregate>.csv?…: one of the dashboard's aggregates (trend, departments,
 * distribution, split, reasons, regrettable, themes, volume) with the page's filters, as CSV for a
 * spreadsheet. The figures are the page's, from the same read model; a withheld group is written
 * "fewer than k responses" in each of its cells, never a count. Headers and names are in the
 * reader's language; months as YYYY-MM; numbers unformatted (a spreadsheet formats them).
 *
 * Formula injection: department and reason names are typed by people; papaparse quotes a cell that
 * starts with = + - @ (or a tab or carriage return). Not the figures: a negative eNPS is a number.
 */
const FORMULA_START = /^[=+@\t\r]|^-(?!\d)/;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { locale, t } = await requireHrAdmin(request, "analytics");
  const aggregate = aggregateOfFile(params.file ?? "");
  if (!aggregate) return badRequest({ aggregate: [t("filters.errors.aggregate")] }, 404);
  const page = await loadDashboardPage(getDb(), new URL(request.url).searchParams, locale, t);
  if (page.errors || !page.dashboard || !page.query) return badRequest(page.errors ?? {});

  const texts = csvTexts(t, locale, page.dashboard.k);
  // The page's order of the department chart: by the exit figure, withheld and empty bars last.
  const table = aggregateTable(page.dashboard, aggregate, texts, (bars) =>
    sortGroups(
      bars.map((bar) => {
        const point = figurePoint("", bar.exit);
        return { bar, name: texts.department(bar), enps: point.enps, n: point.n };
      }),
      page.query!.sort,
      locale,
    ).map(({ bar }) => bar),
  );
  const csv = Papa.unparse({ fields: table.header, data: table.rows }, { escapeFormulae: FORMULA_START, newline: "\r\n" });
  const fileName = `enps-${aggregate}-${todayIn(getEnv().COMPANY_TIME_ZONE)}.csv`;
  // The byte order mark makes Excel read the file as UTF-8 (accented names stay intact).
  return new Response(`\uFEFF${csv}\r\n`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
    },
  });
}

function csvTexts(t: Translate, locale: string, k: number): CsvTexts {
  return {
    locale,
    department: (bar) => departmentBarName(bar, t),
    noReason: t("departments.noReason"),
    suppressed: t("charts.suppressed", { count: k }),
    series: { exit: t("series.exit"), pulse: t("series.pulse") },
    columns: {
      month: t("charts.columns.month"),
      series: t("charts.columns.series"),
      department: t("columns.department"),
      enps: t("columns.enps"),
      margin: t("columns.margin"),
      n: t("columns.n"),
      promoters: t("charts.classes.promoters"),
      passives: t("charts.classes.passives"),
      detractors: t("charts.classes.detractors"),
      score: t("columns.score"),
      responses: t("columns.responses"),
      reason: t("columns.reason"),
      regrettable: t("columns.regrettable"),
      exits: t("columns.exits"),
      theme: t("columns.theme"),
      mentions: t("columns.mentions"),
      sentiment: t("columns.sentiment"),
    },
    regrettable: { regrettable: t("regrettable.regrettable"), notRegrettable: t("regrettable.notRegrettable"), unknown: t("regrettable.unknown") },
    theme: (code) => t(`themes.${code}`, { defaultValue: code }),
  };
}

function badRequest(errors: Record<string, string[]>, status = 400) {
  const lines = Object.entries(errors).map(([field, messages]) => `${field}: ${messages.join(" ")}`);
  return new Response(`${lines.join("\n")}\n`, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}
