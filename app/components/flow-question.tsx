/**
 * FlowQuestion: one survey question on the leaver's page, as plain HTML controls that work without
 * JavaScript. Choices and scores are real fieldsets (the question is the legend); the help and the
 * errors are tied to the group with aria-describedby and every control is marked invalid while
 * there are errors. A score shows what its two ends mean, read with the first and last choice.
 *
 *   <FlowQuestion question={view} value={values[view.id]} errors={errors[view.id]} />
 *
 * Ids: the first control of a question is `<name>-0` (or `<name>` for a text), which the error
 * summary links to (flowQuestionAnchor).
 */
import { useTranslation } from "react-i18next";
import { Field } from "~/components/field";
import type { QuestionView } from "~/modules/exit/flow-answers";
import { NO, YES } from "~/modules/surveys/answers";
import { formatNumber } from "~/utils/format";

type Value = string | string[] | undefined;

export function flowQuestionAnchor(question: Pick<QuestionView, "name" | "type">): string {
  return question.type === "text" ? question.name : `${question.name}-0`;
}

function isChosen(value: Value, option: string): boolean {
  return Array.isArray(value) ? value.includes(option) : value === option;
}

function OptionalMark({ required }: { required: boolean }) {
  const { t } = useTranslation("exit");
  return required ? null : <span className="exit-question__optional"> {t("survey.optional")}</span>;
}

function Errors({ id, errors }: { id: string; errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <div id={id} className="field__errors">
      {errors.map((message, index) => (
        <p key={`${index}:${message}`} className="field__error">
          {message}
        </p>
      ))}
    </div>
  );
}

interface Choice {
  value: string;
  label: string;
  /** Extra words read with this choice (the meaning of a scale's ends). */
  describedBy?: string;
}

function ChoiceGroup({
  question,
  value,
  errors,
  choices,
  multiple,
  scale,
}: {
  question: QuestionView;
  value: Value;
  errors: readonly string[];
  choices: Choice[];
  multiple: boolean;
  scale?: { low: string; high: string };
}) {
  const hintId = `${question.name}-description`;
  const errorId = `${question.name}-error`;
  const endsId = `${question.name}-ends`;
  const invalid = errors.length > 0;
  const describedBy = [question.help ? hintId : null, invalid ? errorId : null].filter(Boolean).join(" ") || undefined;
  const className = ["exit-question", scale ? `exit-scale exit-scale--${choices.length}` : "exit-choices", invalid ? "exit-question--invalid" : null]
    .filter(Boolean)
    .join(" ");
  return (
    <fieldset className={className} aria-describedby={describedBy} id={`question-${question.id}`}>
      <legend className="exit-question__prompt">
        {question.prompt}
        <OptionalMark required={question.required} />
      </legend>
      {question.help ? (
        <p id={hintId} className="field__hint">
          {question.help}
        </p>
      ) : null}
      <Errors id={errorId} errors={errors} />
      <div className={scale ? "exit-scale__options" : "exit-choices__options"}>
        {choices.map((choice, index) => {
          const id = `${question.name}-${index}`;
          return (
            <div key={choice.value} className={scale ? "exit-scale__option" : "exit-choices__option"}>
              <input
                type={multiple ? "checkbox" : "radio"}
                id={id}
                name={question.name}
                value={choice.value}
                defaultChecked={isChosen(value, choice.value)}
                aria-invalid={invalid || undefined}
                aria-describedby={choice.describedBy}
              />
              <label htmlFor={id}>{choice.label}</label>
            </div>
          );
        })}
      </div>
      {scale ? (
        <div className="exit-scale__ends" id={endsId}>
          <span id={`${endsId}-low`}>{scale.low}</span>
          <span id={`${endsId}-high`}>{scale.high}</span>
        </div>
      ) : null}
    </fieldset>
  );
}

function range(min: number, max: number): string[] {
  return Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
}

export function FlowQuestion({ question, value, errors }: { question: QuestionView; value: Value; errors?: readonly string[] }) {
  const { t, i18n } = useTranslation("exit");
  const messages = (errors ?? []).filter((message) => message.length > 0);
  switch (question.type) {
    case "enps":
    case "rating": {
      const values = question.type === "enps" ? range(0, 10) : range(1, 5);
      const ends = question.type === "enps" ? { low: t("survey.enpsLow"), high: t("survey.enpsHigh") } : { low: t("survey.ratingLow"), high: t("survey.ratingHigh") };
      const endsId = `${question.name}-ends`;
      const choices = values.map((v, i) => ({
        value: v,
        label: v,
        describedBy: i === 0 ? `${endsId}-low` : i === values.length - 1 ? `${endsId}-high` : undefined,
      }));
      return <ChoiceGroup question={question} value={value} errors={messages} choices={choices} multiple={false} scale={ends} />;
    }
    case "yes_no":
      return (
        <ChoiceGroup
          question={question}
          value={value}
          errors={messages}
          multiple={false}
          choices={[
            { value: YES, label: t("survey.yes") },
            { value: NO, label: t("survey.no") },
          ]}
        />
      );
    case "single_choice":
      return <ChoiceGroup question={question} value={value} errors={messages} choices={question.options} multiple={false} />;
    case "multiple_choice":
    case "reasons":
      return <ChoiceGroup question={question} value={value} errors={messages} choices={question.options} multiple />;
    case "text": {
      const hint = [question.help, question.maxLength ? t("survey.textLimit", { max: formatNumber(question.maxLength, i18n.language) }) : null].filter(Boolean).join(" ");
      return (
        <Field
          className="exit-question exit-question--text"
          label={
            <>
              {question.prompt}
              <OptionalMark required={question.required} />
            </>
          }
          hint={hint || undefined}
          errors={messages}
          textareaProps={{
            id: question.name,
            name: question.name,
            defaultValue: typeof value === "string" ? value : "",
            maxLength: question.maxLength ?? undefined,
            rows: 5,
          }}
        />
      );
    }
  }
}
