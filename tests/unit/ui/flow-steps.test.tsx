import { createInstance } from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { FlowProgress, FlowSteps, type FlowStepName } from "~/components/flow-progress";
import { i18nConfig } from "~/modules/i18n/config";

async function render(current: FlowStepName, locale: "en" | "fr" = "en") {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: locale });
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <FlowSteps current={current} />
    </I18nextProvider>,
  );
}

/** Each list item as [aria-current, visible and hidden text]. */
function items(html: string): [string | null, string][] {
  return [...html.matchAll(/<li\b([^>]*)>([\s\S]*?)<\/li>/g)].map(([, attributes, body]) => [
    /aria-current="([^"]*)"/.exec(attributes!)?.[1] ?? null,
    body!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim(),
  ]);
}

describe("the exit flow's step indicator", () => {
  it("is one ordered list named for what it is, with the three steps numbered in order", async () => {
    const html = await render("survey");
    expect(html).toMatch(/^<ol class="flow-steps" aria-label="Steps of the exit flow">/);
    expect(items(html)).toEqual([
      ["step", "1 Survey"],
      [null, "2 Alumni network"],
      [null, "3 Done"],
    ]);
  });

  it("marks the current step with aria-current=step and says which steps are completed", async () => {
    expect(items(await render("alumni"))).toEqual([
      [null, "1 Survey (completed)"],
      ["step", "2 Alumni network"],
      [null, "3 Done"],
    ]);
    const done = await render("done");
    expect(items(done).map(([current]) => current)).toEqual([null, null, "step"]);
    // "completed" is for screen readers; the circles and colours say it to the eye.
    expect(done).toContain('<span class="visually-hidden"> (completed)</span>');
  });

  it("speaks French", async () => {
    const html = await render("alumni", "fr");
    expect(html).toContain('aria-label="Étapes du parcours de départ"');
    expect(items(html)).toEqual([
      [null, "1 Questionnaire (terminée)"],
      ["step", "2 Réseau des anciens"],
      [null, "3 Terminé"],
    ]);
  });
});

describe("the survey's page progress", () => {
  it("is a native progress bar named by the visible text", () => {
    const html = renderToStaticMarkup(<FlowProgress current={2} total={4} label="Page 2 of 4" />);
    const id = /<p id="([^"]+)" class="exit-progress__label">Page 2 of 4<\/p>/.exec(html)?.[1];
    expect(id).toBeDefined();
    expect(html).toContain(`<progress class="exit-progress__bar" max="4" value="2" aria-labelledby="${id}">Page 2 of 4</progress>`);
  });
});
