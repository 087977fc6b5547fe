/**
 * The framework's floor for `npm run bench -- pages`: a Remix v2 app with one root and one route,
 * built by the benchmark with the portal's own @remix-run/dev and the same future flags. Output in
 * the repository's gitignored .bench/ folder.
 */
export default {
  serverModuleFormat: "esm",
  serverBuildPath: "../../../.bench/minimal-remix/index.js",
  assetsBuildDirectory: "../../../.bench/minimal-remix/public/build",
  cacheDirectory: "../../../.bench/minimal-remix/cache",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
