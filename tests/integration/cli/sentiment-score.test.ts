import { CLI_TIMEOUT, runCliWithInput, spawnCliWithInput } from "../../support/cli";

const parse = (stdout: string) => stdout.trimEnd().split("\n").map((line) => JSON.parse(line) as { score: number; label: string; lang: string });

describe("npm run cli -- sentiment:score", () => {
  it("prints one JSON line per input line, in input order, with the language detected", async () => {
    const run = await runCliWithInput(["sentiment:score"], "I loved my team and my manager!\nLa charge de travail était intenable.\nThe pay was terrible.\n");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = parse(run.stdout);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ label: "positive", lang: "en" });
    expect(lines[1]).toMatchObject({ label: "negative", lang: "fr" });
    expect(lines[2]).toMatchObject({ label: "negative", lang: "en" });
    for (const line of lines) expect(Object.keys(line)).toEqual(["score", "label", "lang"]);
  });

  it("answers an empty line with a neutral line of its own, so that line n answers line n", async () => {
    const run = await runCliWithInput(["sentiment:score", "--lang", "fr"], "Génial\n\n   \nNul\r\nsans fin de ligne");
    expect(run.code).toBe(0);
    const lines = parse(run.stdout);
    expect(lines).toHaveLength(5);
    expect(lines[1]).toEqual({ score: 0, label: "neutral", lang: "fr" });
    expect(lines[2]).toEqual({ score: 0, label: "neutral", lang: "fr" });
    expect(lines[0]!.label).toBe("positive");
    expect(lines[3]!.label).toBe("negative");
  });

  it("scores in the language given by --lang instead of detecting it", async () => {
    const run = await runCliWithInput(["sentiment:score", "--lang", "en"], "Mon manager était génial\n");
    expect(parse(run.stdout)[0]!.lang).toBe("en");
  });

  it("prints nothing for empty input", async () => {
    const run = await runCliWithInput(["sentiment:score"], "");
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
  });

  it("refuses a language it does not score, saying which ones it does (exit code 2)", async () => {
    const run = await runCliWithInput(["sentiment:score", "--lang", "de"], "Gut\n");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--lang must be en or fr");
    expect(run.stdout).toBe("");
  });

  it("scores 10,000 piped lines in a real process without a database, in order", async () => {
    const texts = ["Great manager, fair pay.", "Trop de réunions, pas assez de reconnaissance.", "", "Burnout. Nobody cared.", "Le télétravail était super 😊"];
    const input = Array.from({ length: 10_000 }, (_, i) => texts[i % texts.length]).join("\n");
    // No DATABASE_URL nor DATA_DIR of a test database: the command must not need one.
    const run = await spawnCliWithInput(["sentiment:score"], `${input}\n`);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const lines = parse(run.stdout);
    expect(lines).toHaveLength(10_000);
    expect(lines.slice(0, 5).map((line) => line.label)).toEqual(["positive", "negative", "neutral", "negative", "positive"]);
    expect(lines[9_997]).toEqual({ score: 0, label: "neutral", lang: "en" });
  }, CLI_TIMEOUT);
});
