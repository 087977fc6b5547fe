import { writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The markup floor's half in the benchmark's process: the markup of a portal page as it was served
 * (what its <body> holds before Remix's scripts), saved under a name the minimal app's
 * `/bench/markup/<name>` route renders as static React elements.
 */

/** What the page's body shows: from <body> to Remix's first script (ScrollRestoration, the context, the modules). */
export function bodyMarkup(html: string): string {
  const bodyStart = html.search(/<body[\s>]/);
  if (bodyStart < 0) throw new Error("the page has no <body>");
  const contentStart = html.indexOf(">", bodyStart) + 1;
  const scripts = html.indexOf("<script", contentStart);
  const bodyEnd = html.indexOf("</body>", contentStart);
  const end = scripts >= 0 ? scripts : bodyEnd >= 0 ? bodyEnd : html.length;
  return html.slice(contentStart, end);
}

/** A file name for the target ("HR a departure page" → "hr-a-departure-page"). */
export function markupName(target: string): string {
  return target
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, "-")
    .replaceAll(/^-|-$/g, "");
}

export function savePageMarkup(folder: string, target: string, html: string): string {
  const name = markupName(target);
  writeFileSync(join(folder, `${name}.html`), bodyMarkup(html));
  return name;
}
