import { useTestDatabase } from "../../support/database";
import { useHttpApp } from "../../support/http-app";
import { createAlumniProfile, createSurvey, createTeamMember, createUser, installOffboardingDefaults, makeAlumniLeaver, makeDeparture, signIn } from "../../factories";
import { useJobQueue } from "../../support/job-queue";

/**
 * Issue 8, section 4: no input may make the server answer 5xx. For each role this crawls every page
 * reachable from its home through links, then sends, for every link's query parameter and every
 * field of every form it found, the same request with a NUL character in that one place; and to
 * every form's action a JSON body, a malformed multipart body and a text/plain body.
 * The answer must be a 4xx (or the page itself), never a 5xx.
 */

useTestDatabase();
useJobQueue();
const app = useHttpApp();

interface FoundForm {
  method: string;
  action: string;
  enctype: string;
  fields: [string, string][];
  /** Submit buttons with a name (intents): each is a different submission. */
  buttons: [string, string][];
}

const ENTITIES: Record<string, string> = { amp: "&", quot: '"', lt: "<", gt: ">", apos: "'", "#39": "'", "#x27": "'" };
const decode = (text: string) => text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name] ?? whole);

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const [, name, value] of tag.matchAll(/\s([a-zA-Z][\w-]*)(?:="([^"]*)")?/g)) found[name!.toLowerCase()] = decode(value ?? "");
  return found;
}

function formsIn(html: string, pageUrl: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const [, open, inner] of html.matchAll(/<form(\s[^>]*)?>([\s\S]*?)<\/form>/g)) {
    const attrs = attributes(open ?? "");
    const fields: [string, string][] = [];
    const buttons: [string, string][] = [];
    for (const [tag] of inner!.matchAll(/<input\s[^>]*>/g)) {
      const input = attributes(tag);
      if (!input.name || ["submit", "file", "image"].includes(input.type ?? "")) continue;
      if ((input.type === "checkbox" || input.type === "radio") && !("checked" in input)) {
        if (!fields.some(([name]) => name === input.name)) fields.push([input.name, input.value || "on"]);
        continue;
      }
      fields.push([input.name, input.value ?? ""]);
    }
    for (const [, open2, body] of inner!.matchAll(/<textarea(\s[^>]*)>([\s\S]*?)<\/textarea>/g)) {
      const name = attributes(open2!).name;
      if (name) fields.push([name, decode(body!)]);
    }
    for (const [, open2, body] of inner!.matchAll(/<select(\s[^>]*)>([\s\S]*?)<\/select>/g)) {
      const name = attributes(open2!).name;
      const first = /<option(\s[^>]*)?>/.exec(body!);
      if (name) fields.push([name, attributes(first?.[1] ?? "").value ?? ""]);
    }
    for (const [tag] of inner!.matchAll(/<button\s[^>]*>/g)) {
      const button = attributes(tag);
      if (button.name) buttons.push([button.name, button.value ?? ""]);
    }
    forms.push({
      method: (attrs.method ?? "get").toLowerCase(),
      action: new URL(attrs.action || pageUrl, pageUrl).href,
      enctype: attrs.enctype ?? "application/x-www-form-urlencoded",
      fields,
      buttons,
    });
  }
  return forms;
}

function linksIn(html: string, pageUrl: string): URL[] {
  const links: URL[] = [];
  for (const [, href] of html.matchAll(/<a\s[^>]*href="([^"]*)"/g)) {
    const url = new URL(decode(href!), pageUrl);
    url.hash = "";
    if (url.origin === new URL(pageUrl).origin) links.push(url);
  }
  return links;
}

/** Pages that would end the session or are not pages. */
const SKIP = /^\/(logout|build\/|favicon|api\/v1\/openapi)/;

async function crawl(cookie: string | undefined, seeds: string[], limit = 60) {
  const headers: Record<string, string> = cookie ? { Cookie: cookie } : {};
  const seen = new Set<string>();
  const queue = seeds.map((seed) => new URL(seed, app.base));
  const pages: string[] = [];
  const links: URL[] = [];
  const forms: FoundForm[] = [];
  while (queue.length > 0 && pages.length < limit) {
    const url = queue.shift()!;
    const key = url.pathname + url.search;
    if (seen.has(key) || SKIP.test(url.pathname)) continue;
    seen.add(key);
    const response = await fetch(url, { headers, redirect: "manual" });
    expect(response.status, key).toBeLessThan(500);
    if (!response.headers.get("content-type")?.startsWith("text/html")) {
      await response.arrayBuffer();
      continue;
    }
    pages.push(key);
    const html = await response.text();
    for (const link of linksIn(html, url.href)) {
      links.push(link);
      queue.push(link);
    }
    forms.push(...formsIn(html, url.href));
  }
  return { pages, links, forms };
}

function encodeForm(fields: [string, string][], enctype: string): { body: BodyInit; type?: string } {
  if (enctype === "multipart/form-data") {
    const data = new FormData();
    for (const [name, value] of fields) data.append(name, value);
    return { body: data };
  }
  return { body: new URLSearchParams(fields).toString(), type: "application/x-www-form-urlencoded" };
}

async function attack(cookie: string | undefined, seeds: string[]) {
  const { pages, links, forms } = await crawl(cookie, seeds);
  const cookieHeader: Record<string, string> = cookie ? { Cookie: cookie } : {};
  const failures: string[] = [];
  let requests = 0;
  const send = async (label: string, url: string, init: RequestInit = {}) => {
    requests += 1;
    const response = await fetch(url, { redirect: "manual", ...init, headers: { ...cookieHeader, Origin: app.base, ...init.headers } });
    await response.arrayBuffer();
    if (response.status >= 500) failures.push(`${response.status} ${label}`);
  };

  // Every query parameter of every link, and every field of every GET form, with a NUL.
  const queries = new Map<string, URL>();
  for (const link of links) if (link.search) queries.set(link.pathname + link.search, link);
  for (const form of forms.filter((f) => f.method === "get")) {
    const url = new URL(form.action);
    for (const [name, value] of form.fields) url.searchParams.set(name, value);
    queries.set(url.pathname + url.search, url);
  }
  for (const url of queries.values()) {
    for (const name of new Set(url.searchParams.keys())) {
      const poisoned = new URL(url);
      poisoned.searchParams.set(name, `${url.searchParams.get(name)}\u0000`);
      await send(`GET ${poisoned.pathname} ?${name}=…NUL`, poisoned.href);
    }
  }

  // Every field of every POST form (under each of its intents), with a NUL; then bad bodies.
  const posts = forms.filter((f) => f.method === "post");
  const actions = new Set<string>();
  for (const form of posts) {
    actions.add(form.action);
    const variants = form.buttons.length > 0 ? form.buttons.map((button) => [...form.fields, button]) : [form.fields];
    for (const fields of variants) {
      for (let index = 0; index < fields.length; index += 1) {
        const poisoned = fields.map(([name, value], at): [string, string] => [name, at === index ? `${value}\u0000` : value]);
        const { body, type } = encodeForm(poisoned, form.enctype);
        await send(`POST ${new URL(form.action).pathname} ${fields[index]![0]}=…NUL`, form.action, {
          method: "POST",
          body,
          headers: type ? { "Content-Type": type } : {},
        });
      }
    }
  }
  for (const action of actions) {
    const path = new URL(action).pathname;
    const bad: [string, string, string][] = [
      ["JSON", "application/json", '{"intent":"x"}'],
      ["malformed JSON", "application/json", "{"],
      ["malformed multipart", "multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data\r\n\r\nx"],
      ["multipart without boundary", "multipart/form-data", "a=b"],
      ["text/plain", "text/plain", "intent=x"],
      ["urlencoded with bad escapes", "application/x-www-form-urlencoded", "intent=%E0%A4%A&x=%ZZ"],
    ];
    for (const [label, type, body] of bad) {
      await send(`POST ${path} ${label}`, action, { method: "POST", body, headers: { "Content-Type": type } });
    }
  }
  return { pages, forms: posts.length, requests, failures };
}

describe("every input of every page reachable per role", () => {
  it("answers 4xx, never 5xx, to NUL characters, malformed bodies and wrong content types", async () => {
    await installOffboardingDefaults();
    const { departure } = await makeDeparture({ employeeEmail: "fuzz.leaver@acme.example" });
    await createSurvey();
    const hr = await signIn(await createUser({ role: "hr_admin" }));
    const owner = await signIn(await createTeamMember(["IT", "Facilities", "Payroll"]));
    const leaver = await makeAlumniLeaver({ status: "started" });
    const alumnus = await createUser({ role: "alumnus" });
    await createAlumniProfile(alumnus.id);
    const roles: [string, string | undefined, string[]][] = [
      ["anonymous", undefined, ["/", "/login", "/login/link"]],
      ["hr_admin", hr, ["/admin", `/admin/departures/${departure.id}`, "/admin/settings", "/admin/people", "/admin/outbox"]],
      ["task_owner", owner, ["/tasks", "/tasks/preferences", "/account"]],
      ["leaver", leaver.cookie, ["/exit", "/exit/survey/1", "/exit/alumni"]],
      ["alumnus", await signIn(alumnus), ["/alumni", "/alumni/preferences", "/alumni/profile", "/alumni/directory", "/account"]],
    ];
    let total = 0;
    for (const [role, cookie, seeds] of roles) {
      const result = await attack(cookie, seeds);
      expect.soft(result.failures, role).toEqual([]);
      expect(result.pages.length, `${role} pages`).toBeGreaterThan(1);
      total += result.requests;
    }
    // The crawl reached the forms the review named (team, invitation, task reason) and many more.
    expect(total).toBeGreaterThan(200);
  }, 300_000);
});
