// The rows of a form whose fields share one shape: a list of Field descriptors drawn in order, each one's
// errors read by name from the action's fieldErrors, and the input attributes every row has (type, required,
// inputMode...) given once. A descriptor's own props win over the shared ones; selects and textareas get none.
import type { InputHTMLAttributes } from 'react';
import { Field, type FieldProps } from './field';

/** The input attributes every row of a list may share (never a row's identity or value). */
export type SharedInputProps = Omit<
  InputHTMLAttributes<HTMLInputElement>,
  'name' | 'id' | 'children' | 'className' | 'defaultValue' | 'value' | 'defaultChecked' | 'checked'
>;

export function FieldList({
  fields,
  errors,
  shared,
}: {
  fields: readonly FieldProps[];
  /** ActionState.fieldErrors: a row with no `errors` of its own shows errors[name]. */
  errors?: Readonly<Record<string, readonly string[] | undefined>>;
  shared?: SharedInputProps;
}) {
  return (
    <>
      {fields.map((f) => {
        const own = f.errors ?? errors?.[f.name];
        const props = (f.as === undefined || f.as === 'input' ? { ...shared, ...f } : f) as FieldProps;
        return <Field key={f.id} {...props} errors={own} />;
      })}
    </>
  );
}
