import { memoizedForRequest, withRequestMemo } from "~/utils/request-memo.server";

describe("request memo", () => {
  it("computes once per request, however many callers ask", async () => {
    let computed = 0;
    const ask = () => memoizedForRequest("answer", () => ++computed);
    const answers = await withRequestMemo(async () => {
      const first = ask();
      await new Promise((resolve) => setTimeout(resolve, 1));
      return [first, ask(), await Promise.resolve().then(ask)];
    });
    expect(answers).toEqual([1, 1, 1]);
  });

  it("never shares a value between two requests, even running at the same time", async () => {
    let computed = 0;
    const request = () =>
      withRequestMemo(async () => {
        const mine = memoizedForRequest("answer", () => ++computed);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return [mine, memoizedForRequest("answer", () => ++computed)];
      });
    const [a, b] = await Promise.all([request(), request()]);
    expect(a![0]).toBe(a![1]);
    expect(b![0]).toBe(b![1]);
    expect(a![0]).not.toBe(b![0]);
  });

  it("computes on every call outside a request (tests calling loaders, jobs, POSTs)", () => {
    let computed = 0;
    memoizedForRequest("answer", () => ++computed);
    memoizedForRequest("answer", () => ++computed);
    expect(computed).toBe(2);
  });
});
