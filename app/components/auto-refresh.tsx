import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * Keeps a page's data fresh while something runs on the server (an import, a newsletter send):
 * with JavaScript the loaders are revalidated every `seconds` while the tab is visible; without it a
 * <meta refresh> inside <noscript> reloads the page. Render it only while the work runs.
 */
export function AutoRefresh({ seconds }: { seconds: number }) {
  const revalidator = useRevalidator();
  // The latest revalidator, read by one interval for the life of the page (not one per render).
  const latest = useRef(revalidator);
  latest.current = revalidator;
  useEffect(() => {
    const timer = window.setInterval(() => {
      if (document.visibilityState === "visible" && latest.current.state === "idle") latest.current.revalidate();
    }, seconds * 1000);
    return () => window.clearInterval(timer);
  }, [seconds]);
  return (
    <noscript>
      <meta httpEquiv="refresh" content={String(seconds)} />
    </noscript>
  );
}
