import { createInstance } from "i18next";
import { DomUtils, parseDocument } from "htmlparser2";
import type { Element } from "domhandler";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { StaticRouter } from "react-router-dom/server";
import { i18nConfig } from "~/modules/i18n/config";

/** A chart rendered as the server sends it, and its markup parsed for the assertions. */
export async function renderChart(chart: ReactElement, locale: "en" | "fr" = "en", location = "/admin/analytics") {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: locale });
  const html = renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <StaticRouter location={location}>{chart}</StaticRouter>
    </I18nextProvider>,
  ).replace(/<!-- -->/g, "");
  const document = parseDocument(html);
  const all = (predicate: (element: Element) => boolean) => DomUtils.findAll(predicate, document.children);
  const byTag = (tag: string) => all((element) => element.name === tag);
  const text = (element: Element) => DomUtils.textContent(element).trim();
  /** The "show as table" table: its header row and body rows as text. */
  const table = () => {
    const [found] = byTag("table");
    if (!found) throw new Error("no table");
    const rows = DomUtils.findAll((element) => element.name === "tr", [found]);
    return rows.map((row) => DomUtils.findAll((element) => element.name === "th" || element.name === "td", [row]).map(text));
  };
  return { html, all, byTag, text, table, attr: (element: Element, name: string) => element.attribs[name] };
}

/** Whether `positions` rank the same way as `values` (ties aside): higher value → higher position. */
export function sameOrder(values: number[], positions: number[]): boolean {
  for (let i = 0; i < values.length; i += 1) {
    for (let j = 0; j < values.length; j += 1) {
      if ((values[i] as number) > (values[j] as number) && !((positions[i] as number) > (positions[j] as number))) return false;
    }
  }
  return true;
}
