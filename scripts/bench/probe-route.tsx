/**
 * The one-line page of `npm run bench -- pages`, the same as the minimal Remix app's, so that the
 * two differ only by the portal's shell (root loader, entry.server, middleware). It is built into a
 * variant of the portal only (BENCH_PROBE_ROUTE=1 in remix.config.js), never into build/.
 */
export default function BenchOk() {
  return <p>ok</p>;
}
