/**
 * FlowProgress: where the leaver is in the exit flow, as a native <progress> (the CSP allows no
 * inline widths) with the same words in text, so that nobody depends on the bar alone.
 *
 *   <FlowProgress current={2} total={5} label={t("survey.progress", { current: 2, total: 5 })} />
 *
 * `label` is the visible text ("Page 2 of 5", "Step 3 of 4"); it also names the bar.
 */
import { useId } from "react";

export interface FlowProgressProps {
  current: number;
  total: number;
  label: string;
}

export function FlowProgress({ current, total, label }: FlowProgressProps) {
  const id = useId();
  const max = Math.max(total, 1);
  const value = Math.min(Math.max(current, 0), max);
  return (
    <div className="exit-progress">
      <p id={id} className="exit-progress__label">
        {label}
      </p>
      <progress className="exit-progress__bar" max={max} value={value} aria-labelledby={id}>
        {label}
      </progress>
    </div>
  );
}
