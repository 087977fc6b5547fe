import { useParams } from "@remix-run/react";
import { savedPageElements } from "../markup.server";

/**
 * `/bench/markup/<name>`: a portal page's markup as static elements (app/markup.server.ts), the
 * floor for a page of that size. Only the server renders it; the benchmark never hydrates it.
 */
export default function BenchMarkup() {
  const { name = "" } = useParams();
  const elements = savedPageElements(name);
  if (!elements) throw new Response("No such saved page", { status: 404 });
  return <>{elements}</>;
}
