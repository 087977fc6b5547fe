import { useForm } from "@conform-to/react";
import { renderToStaticMarkup } from "react-dom/server";
import { LanguagePairFields } from "~/components/forms/language-pair-fields";

type Values = { nameEn: string; nameFr: string; descriptionEn: string; descriptionFr: string };

function TemplateForm() {
  const [, fields] = useForm<Values>({
    id: "template",
    lastResult: { status: "error", initialValue: { nameEn: "Laptop" }, error: { nameFr: ["Enter the French name."] } },
  });
  return (
    <>
      <LanguagePairFields
        en={{ label: "Name (English)", field: fields.nameEn }}
        fr={{ label: "Name (French)", field: fields.nameFr }}
        inputProps={{ required: true }}
      />
      <LanguagePairFields
        legend="Description"
        hint="Give both or neither."
        hintId="template-description-hint"
        en={{ label: "Description (English)", field: fields.descriptionEn }}
        fr={{ label: "Description (French)", field: fields.descriptionFr }}
        textareaProps={{ rows: 3 }}
      />
    </>
  );
}

describe("LanguagePairFields", () => {
  const html = renderToStaticMarkup(<TemplateForm />);

  it("draws the English and French fields side by side, each marked with its language, with conform's values and errors", () => {
    expect(html).toContain(
      '<div class="field-row"><div class="field"><label for="template-nameEn">Name (English)</label><input id="template-nameEn" name="nameEn" form="template" type="text" required="" lang="en" value="Laptop"/></div>',
    );
    expect(html).toContain('<input id="template-nameFr" name="nameFr" form="template" aria-invalid="true" aria-describedby="template-nameFr-error" type="text" required="" lang="fr"/>');
    expect(html).toContain('<p class="field__error">Enter the French name.</p>');
  });

  it("with a legend, groups text areas in a fieldset that reads its hint", () => {
    expect(html).toContain(
      '<fieldset class="fieldset" aria-describedby="template-description-hint"><legend>Description</legend><p class="field__hint" id="template-description-hint">Give both or neither.</p><div class="field-row">',
    );
    expect(html).toContain('<textarea id="template-descriptionEn" name="descriptionEn" form="template" rows="3" lang="en"></textarea>');
    expect(html).toContain('<textarea id="template-descriptionFr" name="descriptionFr" form="template" rows="3" lang="fr"></textarea>');
  });
});
