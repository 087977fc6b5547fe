import { renderToStaticMarkup } from "react-dom/server";
import { elementsOf } from "../../../scripts/bench/minimal-remix/app/markup.server";
import { bodyMarkup, markupName } from "../../../scripts/bench/markup-floor";

/**
 * The markup floor renders a portal page's saved HTML as static React elements: it is a floor for
 * that page only if rendering those elements gives the page's markup back.
 */

describe("the markup floor of the page benchmark", () => {
  it("keeps what a page's body shows and leaves Remix's scripts out", () => {
    const html =
      '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body class="app"><main><h1>Inbox</h1></main>' +
      '<script nonce="n">restoreScroll()</script><script type="module">import "/build/x.js"</script></body></html>';
    expect(bodyMarkup(html)).toBe("<main><h1>Inbox</h1></main>");
    expect(() => bodyMarkup("<p>no body</p>")).toThrow("no <body>");
  });

  it("renders a form's markup back as React served it: attributes, booleans, values and text", () => {
    // As React renders a task form (its attribute order, self-closed inputs, boolean attributes as ="").
    const served =
      '<details class="task-action" open=""><summary class="button">Complete</summary>' +
      '<form method="post" action="/tasks?index" id="complete-1" novalidate="">' +
      '<input type="hidden" name="intent" value="complete"/>' +
      '<div class="field"><label for="complete-1-note">Note (optional)</label>' +
      '<textarea id="complete-1-note" name="note" rows="3" aria-describedby="complete-1-note-description">Done &amp; &quot;dusted&quot; &lt;3</textarea></div>' +
      '<input id="url" type="url" inputMode="url" autoComplete="off" placeholder="https://" required=""/>' +
      '<select id="who" name="assignee" required=""><option value="">Choose</option><optgroup label="Teams"><option value="team:1">IT &lt;ops&gt;</option></optgroup></select>' +
      '<input type="checkbox" name="taskIds" checked="" value="1"/>' +
      '<button type="submit" class="button button--small" disabled="">Mark as done</button></form></details>';
    expect(renderToStaticMarkup(<>{elementsOf(served)}</>)).toBe(served);
  });

  it("names a saved page after its target", () => {
    expect(markupName("HR a departure page")).toBe("hr-a-departure-page");
    expect(markupName("task owner /tasks")).toBe("task-owner-tasks");
    expect(markupName("leaver /exit/survey/2")).toBe("leaver-exit-survey-2");
  });
});
