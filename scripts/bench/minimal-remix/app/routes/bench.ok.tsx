/** `/bench/ok`: the same one-line page as the portal's probe route (scripts/bench/probe-route.tsx). */
export default function BenchOk() {
  return <p>ok</p>;
}
