// Message templates (pt-BR) with client fields in braces, e.g. "Olá {primeiroNome}, ...". Rendering is a single
// pass over the template: values are inserted as plain text and never re-scanned, so a value containing
// "{valor}" is shown literally. Unknown fields are rejected when the template is created.

export const TEMPLATE_FIELDS = ['primeiroNome', 'nome', 'valor', 'parcela', 'vencimento', 'canal'] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];
export type TemplateValues = Partial<Record<TemplateField, string>>;

const PLACEHOLDER = /\{([^{}]*)\}/g;
export const MAX_TEMPLATE_LENGTH = 1000;

export type TemplateProblem =
  | { kind: 'empty' }
  | { kind: 'tooLong'; max: number }
  | { kind: 'unknownField'; field: string }
  | { kind: 'unbalanced' };

/** Problems with a template (empty list = valid). */
export function checkTemplate(template: string): TemplateProblem[] {
  const problems: TemplateProblem[] = [];
  if (template.trim() === '') problems.push({ kind: 'empty' });
  if (template.length > MAX_TEMPLATE_LENGTH) problems.push({ kind: 'tooLong', max: MAX_TEMPLATE_LENGTH });
  for (const m of template.matchAll(PLACEHOLDER)) {
    const field = m[1] ?? '';
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(field))
      problems.push({ kind: 'unknownField', field });
  }
  const stripped = template.replace(PLACEHOLDER, '');
  if (stripped.includes('{') || stripped.includes('}')) problems.push({ kind: 'unbalanced' });
  return problems;
}

/** Render in one pass; a field with no value renders empty. Throws on an unknown field (checked at creation). */
export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(PLACEHOLDER, (_all, field: string) => {
    if (!(TEMPLATE_FIELDS as readonly string[]).includes(field))
      throw new Error(`unknown template field ${field}`);
    return values[field as TemplateField] ?? '';
  });
}
