import { renderToStaticMarkup } from "react-dom/server";
// The data router Remix runs on (react-router-dom, pinned as a dev dependency at the version Remix uses):
// @remix-run/testing's createRemixStub is this router with Remix's context, and it is not installed.
import { createMemoryRouter, RouterProvider } from "react-router-dom";
import { useIsPending, usePendingFormData } from "~/components/forms/use-is-pending";

/**
 * useIsPending and usePendingFormData read the router's navigation: these tests put a real data
 * router in the middle of a submission (its action or the reload after it held open) and render a
 * page of the route "/people" that reports what the hooks say.
 */

interface Deferred {
  promise: Promise<null>;
  resolve: () => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<null>((done) => (resolve = () => done(null)));
  return { promise, resolve };
}

/**
 * RouterProvider subscribes in a layout effect, which React reports when rendered to a string: the
 * one console.error these tests expect. Any other still fails the test.
 */
let unexpectedErrors: unknown[][] = [];
beforeEach(() => {
  unexpectedErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    if (!String(args[0]).includes("useLayoutEffect does nothing on the server")) unexpectedErrors.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  expect(unexpectedErrors).toEqual([]);
});

function Probe() {
  const states = {
    any: useIsPending(),
    create: useIsPending({ intent: "create" }),
    remove: useIsPending({ intent: "remove" }),
    submitting: useIsPending({ state: "submitting" }),
    loading: useIsPending({ state: "loading" }),
    otherForm: useIsPending({ formAction: "/teams" }),
    intent: usePendingFormData()?.get("intent") ?? null,
    teamsIntent: usePendingFormData({ formAction: "/teams" })?.get("intent") ?? null,
  };
  return <pre>{JSON.stringify(states)}</pre>;
}

/** A router showing "/people", whose actions and reloads wait until the test lets them go. */
function routerOnPeople() {
  const hold = { action: deferred(), reload: deferred() };
  let loads = 0;
  const router = createMemoryRouter(
    [
      {
        path: "/people",
        element: <Probe />,
        // The first load answers at once; the reload after an action waits for the test.
        loader: () => (loads++ === 0 ? null : hold.reload.promise),
        action: () => hold.action.promise,
      },
      { path: "/teams", action: () => hold.action.promise, element: null },
    ],
    { initialEntries: ["/people"] },
  );
  return { router, hold };
}

async function ready(router: ReturnType<typeof routerOnPeople>["router"]) {
  await new Promise<void>((done) => {
    if (router.state.initialized) return done();
    const stop = router.subscribe((state) => {
      if (!state.initialized) return;
      stop();
      done();
    });
  });
}

function render(router: ReturnType<typeof routerOnPeople>["router"]): Record<string, unknown> {
  const html = renderToStaticMarkup(<RouterProvider router={router} />);
  const json = /<pre>([\s\S]*)<\/pre>/.exec(html)?.[1];
  if (!json) throw new Error(`the probe did not render: ${html}`);
  return JSON.parse(json.replaceAll("&quot;", '"')) as Record<string, unknown>;
}

function form(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
}

/** Waits until the router's navigation is in `state`. */
function navigationIn(router: ReturnType<typeof routerOnPeople>["router"], state: "submitting" | "loading" | "idle") {
  return new Promise<void>((done) => {
    if (router.state.navigation.state === state) return done();
    const stop = router.subscribe((next) => {
      if (next.navigation.state !== state) return;
      stop();
      done();
    });
  });
}

describe("useIsPending", () => {
  it("is false while nothing is being sent", async () => {
    const { router } = routerOnPeople();
    await ready(router);
    expect(render(router)).toMatchObject({ any: false, create: false, submitting: false, intent: null });
  });

  it("is true while a form of this route is sent, for its intent only, then through the reload after it", async () => {
    const { router, hold } = routerOnPeople();
    await ready(router);
    void router.navigate("/people", { formMethod: "post", formData: form({ intent: "create", name: "Ada" }) });
    await navigationIn(router, "submitting");
    expect(render(router)).toEqual({
      any: true,
      create: true,
      remove: false,
      submitting: true,
      loading: false,
      otherForm: false,
      intent: "create",
      teamsIntent: null,
    });

    hold.action.resolve();
    await navigationIn(router, "loading");
    // The answer is in; the page reloads its data: still pending by default, no longer "submitting".
    expect(render(router)).toMatchObject({ any: true, create: true, submitting: false, loading: true });

    hold.reload.resolve();
    await navigationIn(router, "idle");
    expect(render(router)).toMatchObject({ any: false, create: false, loading: false, intent: null });
  });

  it("tells a form that posts elsewhere apart from the route's own", async () => {
    const { router } = routerOnPeople();
    await ready(router);
    void router.navigate("/teams", { formMethod: "post", formData: form({ intent: "remove" }) });
    await navigationIn(router, "submitting");
    expect(render(router)).toMatchObject({ any: false, remove: false, otherForm: true, intent: null, teamsIntent: "remove" });
  });

  it("ignores a GET form (filters are navigation, not a change)", async () => {
    const { router } = routerOnPeople();
    await ready(router);
    void router.navigate("/people?q=ada", { formMethod: "get", formData: form({ intent: "create" }) });
    await navigationIn(router, "loading");
    expect(render(router)).toMatchObject({ any: false, create: false, loading: false, intent: null });
  });
});
