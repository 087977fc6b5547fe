/** Remix v2 classic compiler (see docs/decisions/001-remix-classic-compiler.md). */
const config = {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverDependenciesToBundle: [/^remix-i18next/],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};

/**
 * `npm run bench -- pages` measures a one-line route inside this portal's shell. It builds a variant
 * with BENCH_PROBE_ROUTE=1: the same app plus `/bench/ok`, written to .bench/ so that build/ and
 * public/build/ (what `npm start` serves) never hold the probe.
 */
const benchProbe = {
  serverBuildPath: ".bench/portal-probe/index.js",
  assetsBuildDirectory: ".bench/portal-probe/public/build",
  cacheDirectory: ".bench/portal-probe/cache",
  // A route file's path is relative to app/.
  routes: async (defineRoutes) =>
    defineRoutes((route) => route("bench/ok", "../scripts/bench/probe-route.tsx", { id: "bench-probe" })),
};

/**
 * The client-bundle scan (tests/integration/platform/client-bundles.test.ts) builds the same app with
 * canary secrets in its environment into a folder of its own (REMIX_OUTPUT_DIR), so that build/ and
 * public/build/, which the tests running beside it serve, are left alone.
 */
const outputDir = process.env.REMIX_OUTPUT_DIR;
const separateOutput = outputDir && {
  serverBuildPath: `${outputDir}/build/index.js`,
  assetsBuildDirectory: `${outputDir}/public/build`,
  cacheDirectory: `${outputDir}/cache`,
};

export default process.env.BENCH_PROBE_ROUTE === "1" ? { ...config, ...benchProbe } : separateOutput ? { ...config, ...separateOutput } : config;
