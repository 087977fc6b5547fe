import { createInstance } from "i18next";
import { renderToStaticMarkup } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { StaticRouter } from "react-router-dom/server";
import { PointsCard } from "~/components/advocacy/points-card";
import type { AlumniPointsView } from "~/modules/advocacy/points.server";
import { i18nConfig } from "~/modules/i18n/config";
import enAlumni from "~/locales/en/alumni.json";
import frAlumni from "~/locales/fr/alumni.json";

async function render(view: AlumniPointsView, locale: "en" | "fr" = "en") {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({ ...i18nConfig, lng: locale });
  return renderToStaticMarkup(
    <I18nextProvider i18n={i18n}>
      <StaticRouter location="/alumni">
        <PointsCard view={view} />
      </StaticRouter>
    </I18nextProvider>,
  ).replace(/<!-- -->/g, "");
}

const base: AlumniPointsView = { points: { today: 15, last30Days: 1240, total: 2000 }, shares: 12, clicks: 31, dailyCap: 100, leaderboard: null };

describe("PointsCard", () => {
  it("shows today's and the last 30 days' points, shares and visits, and no leaderboard when HR switched it off", async () => {
    const html = await render(base);
    expect(html).toContain(enAlumni.points.title);
    expect(html).toContain("<dt>Today</dt><dd>15</dd>");
    expect(html).toContain("<dt>Last 30 days</dt><dd>1,240</dd>");
    expect(html).toContain(`<dt>${enAlumni.points.shares}</dt><dd>12</dd>`);
    expect(html).toContain(`<dt>${enAlumni.points.clicks}</dt><dd>31</dd>`);
    expect(html).not.toContain(enAlumni.points.leaderboardTitle);
  });

  it("lists the leaderboard with the reader's row marked, and offers to appear on it when hidden", async () => {
    const rows = [
      { rank: 1, name: "Ada", points: 120, isYou: false },
      { rank: 2, name: "Sam", points: 1, isYou: true },
    ];
    const html = await render({ ...base, leaderboard: { optedIn: true, rows } });
    expect(html).toContain('<li class="points-card__row points-card__row--you" aria-current="true">');
    expect(html).toContain("Sam (you)");
    expect(html).toContain("120 points");
    expect(html).toContain("1 point<");
    expect(html).not.toContain(enAlumni.points.showMe);

    const hidden = await render({ ...base, leaderboard: { optedIn: false, rows: [] } });
    expect(hidden).toContain(enAlumni.points.leaderboardEmpty);
    expect(hidden).toMatch(new RegExp(`<a [^>]*href="/alumni/preferences#leaderboard">${enAlumni.points.showMe}</a>`));
  });

  it("is in French for a French reader", async () => {
    const html = await render({ ...base, leaderboard: { optedIn: false, rows: [] } }, "fr");
    expect(html).toContain(frAlumni.points.title);
    expect(html).toMatch(/<dd>1\s240<\/dd>/u);
    expect(html).toContain(frAlumni.points.showMe);
  });
});
