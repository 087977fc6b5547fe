/**
 * Where the leaver is in the exit flow, told the same way on every page of it:
 *
 *   <FlowSteps current="survey" />      at the top of every page, above the title:
 *                                       "1 Survey · 2 Alumni network · 3 Done", an ordered list whose
 *                                       current item has aria-current="step"
 *   <FlowProgress current={2} total={4} label={t("survey.progress", { current: 2, total: 4 })} />
 *                                       under the title of a survey page only: how far into the
 *                                       survey step, as a native <progress> (the CSP allows no
 *                                       inline widths) with the same words in text
 */
import { useId } from "react";
import { useTranslation } from "react-i18next";

/** The steps of the exit flow; the survey's pages count on their own (FlowProgress). */
export const FLOW_STEPS = ["survey", "alumni", "done"] as const;
export type FlowStepName = (typeof FLOW_STEPS)[number];

export function FlowSteps({ current }: { current: FlowStepName }) {
  const { t } = useTranslation("exit");
  const currentIndex = FLOW_STEPS.indexOf(current);
  return (
    <ol className="flow-steps" aria-label={t("steps.label")}>
      {FLOW_STEPS.map((step, index) => {
        const state = index < currentIndex ? "done" : index === currentIndex ? "current" : "todo";
        return (
          <li key={step} className={`flow-steps__step flow-steps__step--${state}`} aria-current={state === "current" ? "step" : undefined}>
            {/* The list already numbers its items for screen readers: the visible number is decoration. */}
            <span className="flow-steps__number" aria-hidden="true">
              {index + 1}
            </span>
            <span className="flow-steps__name">
              {t(`steps.${step}`)}
              {state === "done" ? <span className="visually-hidden"> ({t("steps.completed")})</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}

export interface FlowProgressProps {
  current: number;
  total: number;
  /** The visible text ("Page 2 of 5"); it also names the bar. */
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
