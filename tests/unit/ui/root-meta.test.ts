import type { MetaArgs } from "@remix-run/node";
import { meta } from "~/root";

/**
 * The root's title is what a page without a meta export of its own shows. Remix calls meta with
 * `error: null` when nothing failed; that page was titled "Something went wrong" before.
 */
function rootMeta(error: unknown, locale = "en") {
  const args = { matches: [{ id: "root", data: { locale } }], error } as unknown as MetaArgs;
  return meta(args);
}

describe("root meta", () => {
  test("a page without a title of its own and without an error is titled with the app name", () => {
    expect(rootMeta(null)).toEqual([{ title: "Alumni Portal" }]);
    expect(rootMeta(undefined)).toEqual([{ title: "Alumni Portal" }]);
    expect(rootMeta(null, "fr")).toEqual([{ title: "Portail des anciens" }]);
  });

  test("a failed page gets the error's title", () => {
    expect(rootMeta(new Error("boom"))).toEqual([{ title: "Something went wrong · Alumni Portal" }]);
  });
});
