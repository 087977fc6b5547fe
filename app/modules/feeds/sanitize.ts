import { decodeHTML, escapeUTF8 } from "entities";
import sanitizeHtml from "sanitize-html";

/**
 * Feed HTML comes from strangers: it is cleaned with sanitize-html against a strict allow-list
 * before it is stored (docs/decisions/018). What survives is text structure, links and real images:
 * no script, style, iframe, form, embedded object or SVG (their content goes too), no event handler,
 * class or style attribute, no javascript:/data: URL, no tracking pixel. Relative links and images
 * are made absolute against the item's base, links get rel="noopener noreferrer nofollow".
 */

const ALLOWED_TAGS = [
  "p", "br", "hr", "a", "img", "figure", "figcaption",
  "strong", "b", "em", "i", "u", "s", "small", "sub", "sup", "mark", "abbr", "q", "cite",
  "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd",
  "h2", "h3", "h4", "h5", "h6",
];

/** Elements dropped with everything inside them (sanitize-html keeps the text of other refused tags). */
const DROPPED_WITH_CONTENT = [
  "script", "style", "textarea", "option", "select", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
  "object", "embed", "applet", "head", "title", "xmp", "noembed", "noframes", "plaintext", "button",
];

/** Refused tags whose content is a block of its own: a space keeps words apart in the plain text. */
const BLOCK_TAG = /<\/?(p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|td|th|table|blockquote|pre|section|article|header|footer|aside|figure|figcaption|nav)\b[^>]*>/gi;

/**
 * Hosts and paths of well-known open-tracking images (feed analytics, ad and stats beacons). A
 * tracking pixel usually also says it is 1×1, which catches the rest.
 */
const TRACKING_HOSTS = [
  "feeds.feedburner.com",
  "feeds.feedblitz.com",
  "pixel.wp.com",
  "stats.wordpress.com",
  "www.google-analytics.com",
  "google-analytics.com",
  "ssl.google-analytics.com",
  "pixel.quantserve.com",
  "sb.scorecardresearch.com",
  "b.scorecardresearch.com",
  "pixel.mathtag.com",
  "bat.bing.com",
  "ct.pinterest.com",
  "analytics.twitter.com",
  "www.facebook.com",
  "px.ads.linkedin.com",
];
const TRACKING_PATH = /(^|\/)(pixel|beacon|spacer|blank|tracking|track|open|1x1|transparent)(\.(gif|png|jpe?g|webp)|\/|$)|\/~r\/|\/~ff\//i;

const REL = "noopener noreferrer nofollow";

function absoluteUrl(value: string | undefined, base: string | undefined, schemes: readonly string[]): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim(), base);
    return schemes.includes(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** A size attribute as pixels ("1", "1px", "0"), or null when it says nothing usable. */
function pixels(value: string | undefined): number | null {
  if (value === undefined) return null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(px)?\s*$/i.exec(value);
  return match ? Number(match[1]) : null;
}

function styleSaysInvisible(style: string | undefined): boolean {
  if (!style) return false;
  return /(^|;)\s*(width|height)\s*:\s*[01](\.0+)?\s*(px)?\s*(;|$)|display\s*:\s*none|visibility\s*:\s*hidden|opacity\s*:\s*0(\.0+)?\s*(;|$)/i.test(style);
}

export function isTrackingPixel(attribs: Record<string, string>, src: string): boolean {
  const width = pixels(attribs.width);
  const height = pixels(attribs.height);
  if ((width !== null && width <= 1) || (height !== null && height <= 1)) return true;
  if (styleSaysInvisible(attribs.style)) return true;
  const url = new URL(src);
  return TRACKING_HOSTS.includes(url.hostname) || TRACKING_PATH.test(url.pathname);
}

function options(base: string | undefined): sanitizeHtml.IOptions {
  return {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ["href", "title", "rel"],
      img: ["src", "alt", "title", "width", "height"],
      abbr: ["title"],
      q: ["cite"],
      blockquote: ["cite"],
    },
    allowedSchemes: ["http", "https", "mailto"],
    allowedSchemesByTag: { img: ["http", "https"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite"],
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    nonTextTags: DROPPED_WITH_CONTENT,
    transformTags: {
      a: (tagName, attribs) => {
        const href = absoluteUrl(attribs.href, base, ["http:", "https:", "mailto:"]);
        return { tagName, attribs: { ...(href ? { href } : {}), ...(attribs.title ? { title: attribs.title } : {}), rel: REL } };
      },
      img: (tagName, attribs) => {
        const src = absoluteUrl(attribs.src, base, ["http:", "https:"]);
        // An image left without a source is dropped by exclusiveFilter below.
        if (!src || isTrackingPixel(attribs, src)) return { tagName, attribs: {} };
        const kept: Record<string, string> = { src };
        if (attribs.alt) kept.alt = attribs.alt;
        if (attribs.title) kept.title = attribs.title;
        for (const size of ["width", "height"] as const) {
          const value = pixels(attribs[size]);
          if (value !== null) kept[size] = String(Math.round(value));
        }
        return { tagName, attribs: kept };
      },
      // The page's own headings are h1; a feed item's start at h2.
      h1: "h2",
    },
    exclusiveFilter: (frame) => frame.tag === "img" && !frame.attribs.src,
  };
}

/** Feed HTML made safe to show: see the module's comment. `base` resolves relative links. */
export function sanitizeFeedHtml(html: string, base?: string): string {
  return sanitizeHtml(html, options(base)).trim();
}

/** The text of some HTML: tags and their scripts and styles gone, entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  const spaced = html.replace(BLOCK_TAG, " $&");
  const stripped = sanitizeHtml(spaced, { allowedTags: [], allowedAttributes: {}, nonTextTags: DROPPED_WITH_CONTENT });
  return decodeHTML(stripped).replace(/\s+/g, " ").trim();
}

/**
 * `text` cut to at most `max` characters for a share text or a card: at the last space if that
 * keeps most of it, never inside a character (surrogate pairs, combining marks stay whole), with "…".
 */
export function truncateText(text: string, max: number): string {
  const characters = [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(text)].map((part) => part.segment);
  if (characters.length <= max) return text;
  const cut = characters.slice(0, max - 1).join("");
  const lastSpace = cut.lastIndexOf(" ");
  const atWord = lastSpace >= cut.length * 0.6 ? cut.slice(0, lastSpace) : cut;
  return `${atWord.replace(/[\s.,;:!?–—-]+$/u, "")}…`;
}

/** Plain text as HTML (a JSON Feed's content_text, an Atom text construct, an HR post's text). */
export function textToHtml(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${escapeUTF8(paragraph).replace(/\n/g, "<br />")}</p>`)
    .join("");
}

/** The plain-text summary stored beside the HTML, for share texts. */
export const SUMMARY_TEXT_LENGTH = 300;

/** An address fit for a link on a page: http(s) only, else none (the parser keeps only those; pages check again). */
export function httpUrlOrNull(value: string | null): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
