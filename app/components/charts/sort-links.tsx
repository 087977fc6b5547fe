/**
 * "Sort by: eNPS · respondents · name" as plain GET links that keep the page's other parameters
 * (its filters): sorting works without JavaScript, has an address, and changes nothing on the server.
 * The current order is marked with aria-current.
 *
 *   <SortLinks param="sort" label="Sort departments by" current="enps"
 *              options={[{ value: "enps", label: "eNPS" }, { value: "n", label: "Respondents" }]} anchor="enps-departments" />
 */
import { Link, useLocation } from "@remix-run/react";

export interface SortLinksProps {
  param: string;
  label: string;
  current: string;
  options: readonly { value: string; label: string }[];
  /** The element to scroll back to after the page loads again (the chart's id). */
  anchor?: string;
}

export function SortLinks({ param, label, current, options, anchor }: SortLinksProps) {
  const { pathname, search } = useLocation();
  const href = (value: string) => {
    const params = new URLSearchParams(search);
    params.set(param, value);
    return `${pathname}?${params.toString()}${anchor ? `#${anchor}` : ""}`;
  };
  return (
    <nav className="chart-sort" aria-label={label}>
      <span className="chart-sort__label" aria-hidden="true">
        {label}
      </span>
      <ul>
        {options.map((option) => (
          <li key={option.value}>
            {option.value === current ? (
              <Link to={href(option.value)} aria-current="true" className="chart-sort__current" preventScrollReset>
                {option.label}
              </Link>
            ) : (
              <Link to={href(option.value)} preventScrollReset>
                {option.label}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
