import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "htmlparser2";
import { createElement, type ReactNode } from "react";

/**
 * The markup floor of `npm run bench -- pages`: a portal page's HTML, as the benchmark received it,
 * turned back into plain React elements (no components, no data, no hooks) for this minimal app to
 * render. Rendering the same markup is the least any React page of that size costs: what is left
 * between it and the portal's page is the portal's own work (loaders, components, forms, i18n).
 */

/** HTML attribute names that React spells differently (those the portal's pages use, and their kin). */
const REACT_NAMES: Record<string, string> = {
  class: "className",
  for: "htmlFor",
  tabindex: "tabIndex",
  readonly: "readOnly",
  maxlength: "maxLength",
  minlength: "minLength",
  colspan: "colSpan",
  rowspan: "rowSpan",
  novalidate: "noValidate",
  autocomplete: "autoComplete",
  autofocus: "autoFocus",
  inputmode: "inputMode",
  datetime: "dateTime",
  enctype: "encType",
  "accept-charset": "acceptCharset",
  crossorigin: "crossOrigin",
  srcset: "srcSet",
  spellcheck: "spellCheck",
  formaction: "formAction",
  enterkeyhint: "enterKeyHint",
};
const BOOLEAN = new Set(["required", "disabled", "noValidate", "open", "hidden", "multiple", "readOnly", "checked", "selected", "autoFocus"]);
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);

interface MarkupNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: MarkupNode[];
}

function propsOf(node: MarkupNode, key: number): Record<string, unknown> {
  const props: Record<string, unknown> = { key };
  for (const [attribute, value] of Object.entries(node.attribs ?? {})) {
    const name = REACT_NAMES[attribute] ?? attribute;
    // A page under this project's CSP has no inline styles; React would want an object.
    if (name === "style") continue;
    if (BOOLEAN.has(name)) props[name === "checked" ? "defaultChecked" : name] = true;
    else if (name === "value" && node.name !== "option" && node.name !== "button") props.defaultValue = value;
    else props[name] = value;
  }
  return props;
}

function toElement(node: MarkupNode, key: number): ReactNode {
  if (node.type === "text") return node.data ?? "";
  if (node.type !== "tag" || !node.name) return null;
  const props = propsOf(node, key);
  if (VOID.has(node.name)) return createElement(node.name, props);
  // React renders a textarea's content from its value, not from children; the parser leaves that
  // content as written, escaped by React with these five entities.
  if (node.name === "textarea") return createElement(node.name, { ...props, defaultValue: unescapeReact((node.children ?? []).map((child) => child.data ?? "").join("")) });
  return createElement(node.name, props, ...(node.children ?? []).map(toElement));
}

const REACT_ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#x27;": "'" };

function unescapeReact(text: string): string {
  return text.replaceAll(/&(?:amp|lt|gt|quot|#x27);/g, (entity) => REACT_ENTITIES[entity] ?? entity);
}

/** React elements for an HTML fragment: the same markup when rendered (tests/unit/bench/markup-floor.test.tsx). */
export function elementsOf(html: string): ReactNode[] {
  return (parseDocument(html).children as MarkupNode[]).map(toElement);
}

const parsed = new Map<string, ReactNode[]>();

/** The saved page `name` from BENCH_MARKUP_DIR, parsed once: each request only renders it. */
export function savedPageElements(name: string): ReactNode[] | null {
  if (!/^[a-z0-9-]+$/.test(name)) return null;
  let elements = parsed.get(name);
  if (!elements) {
    const folder = process.env.BENCH_MARKUP_DIR;
    if (!folder) return null;
    elements = elementsOf(readFileSync(join(folder, `${name}.html`), "utf8"));
    parsed.set(name, elements);
  }
  return elements;
}
