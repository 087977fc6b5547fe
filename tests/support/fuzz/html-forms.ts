/**
 * Forms and links read from a server-rendered page, as a browser without JavaScript would submit and
 * follow them: the fuzzer sends each form's real field names with hostile values.
 */

export interface FoundForm {
  method: string;
  /** Absolute URL the form posts to. */
  action: string;
  enctype: string;
  /** Fields as the page would submit them (checked boxes, the first option of a select). */
  fields: [string, string][];
  /** Names of file inputs (the CSV upload). */
  files: string[];
  /** Submit buttons with a name (intents): each is a different submission. */
  buttons: [string, string][];
}

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'", "#39": "'", "#x27": "'" };
export const decodeEntities = (text: string) => text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? whole);

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/\s([a-zA-Z][\w-]*)(?:="([^"]*)")?/g)) found[name!.toLowerCase()] = decodeEntities(value ?? "");
  return found;
}

export function formsIn(html: string, pageUrl: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const [, open, inner] of html.matchAll(/<form(\s[^>]*)?>([\s\S]*?)<\/form>/g)) {
    const attrs = attributes(open ?? "");
    const fields: [string, string][] = [];
    const files: string[] = [];
    const buttons: [string, string][] = [];
    for (const [tag] of inner!.matchAll(/<input\s[^>]*>/g)) {
      const input = attributes(tag);
      if (!input.name || ["submit", "image", "button", "reset"].includes(input.type ?? "")) continue;
      if (input.type === "file") {
        files.push(input.name);
        continue;
      }
      if ((input.type === "checkbox" || input.type === "radio") && !("checked" in input)) {
        if (!fields.some(([name]) => name === input.name)) fields.push([input.name, input.value || "on"]);
        continue;
      }
      fields.push([input.name, input.value ?? ""]);
    }
    for (const [, openTag, body] of inner!.matchAll(/<textarea(\s[^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attributes(openTag!).name;
      if (name) fields.push([name, decodeEntities(body!)]);
    }
    for (const [, openTag, body] of inner!.matchAll(/<select(\s[^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attributes(openTag!).name;
      const options = [...body!.matchAll(/<option(\s[^>]*)?>/g)].map(([, optionAttrs]) => attributes(optionAttrs ?? ""));
      const chosen = options.find((option) => "selected" in option) ?? options.find((option) => option.value) ?? options[0];
      if (name) fields.push([name, chosen?.value ?? ""]);
    }
    for (const [tag] of inner!.matchAll(/<button\s[^>]*>/g)) {
      const button = attributes(tag);
      if (button.name && button.type !== "button") buttons.push([button.name, button.value ?? ""]);
    }
    forms.push({
      method: (attrs.method ?? "get").toLowerCase(),
      action: new URL(attrs.action || pageUrl, pageUrl).href,
      enctype: attrs.enctype ?? "application/x-www-form-urlencoded",
      fields,
      files,
      buttons,
    });
  }
  return forms;
}

/** Same-origin links and frames of a page (an email's HTML is shown in an iframe), without fragments. */
export function linksIn(html: string, pageUrl: string): URL[] {
  const links: URL[] = [];
  for (const [, href] of html.matchAll(/<(?:a|iframe)\s[^>]*(?:href|src)="([^"]*)"/g)) {
    let url: URL;
    try {
      url = new URL(decodeEntities(href!), pageUrl);
    } catch {
      continue;
    }
    url.hash = "";
    if (url.origin === new URL(pageUrl).origin) links.push(url);
  }
  return links;
}
