// One form field for every form: its label, the control (input, select or textarea), an optional hint and the
// field's error messages right next to it, wired for assistive technology (aria-invalid, aria-describedby).
import type {
  InputHTMLAttributes,
  ReactNode,
  Ref,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';

interface Common {
  /** The form field's name: what the server reads and the key of the action's fieldErrors. */
  name: string;
  label: ReactNode;
  /** Unique on the page (two forms may both have a "name"); the hint and error ids derive from it. */
  id: string;
  hint?: ReactNode;
  /** The messages for this field (ActionState.fieldErrors[name]); none means valid. */
  errors?: readonly string[];
  className?: string;
}

type InputProps = Common & { as?: 'input'; ref?: Ref<HTMLInputElement> } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    'name' | 'id' | 'children' | 'className'
  >;
type SelectProps = Common & { as: 'select'; children: ReactNode } & Omit<
    SelectHTMLAttributes<HTMLSelectElement>,
    'name' | 'id' | 'className'
  >;
type TextareaProps = Common & { as: 'textarea' } & Omit<
    TextareaHTMLAttributes<HTMLTextAreaElement>,
    'name' | 'id' | 'children' | 'className'
  >;
export type FieldProps = InputProps | SelectProps | TextareaProps;

/** The ids a control points at with aria-describedby: its hint and, when it has one, its error. */
export function describedBy(id: string, opts: { hint?: boolean; errors?: readonly string[] }) {
  const ids = [opts.hint ? `${id}-hint` : null, opts.errors?.length ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

/** A field's error messages, for controls Field does not draw itself (a radio group's fieldset). */
export function FieldErrors({ id, errors }: { id: string; errors?: readonly string[] }) {
  if (!errors?.length) return null;
  return (
    <span className="field-error" id={`${id}-error`} data-testid={`${id}-error`}>
      {errors.join(' ')}
    </span>
  );
}

export function Field(props: FieldProps) {
  const { name, label, id, hint, errors, className } = props;
  const aria = {
    id,
    name,
    'aria-invalid': errors?.length ? true : undefined,
    'aria-describedby': describedBy(id, { hint: hint !== undefined && hint !== null, errors }),
  } as const;
  const hintLine = hint ? (
    <small id={`${id}-hint`} className="field-hint">
      {hint}
    </small>
  ) : null;

  if (props.as === 'select') {
    const { as: _as, name: _n, label: _l, id: _i, hint: _h, errors: _e, className: _c, ...rest } = props;
    return (
      <div className={className ? `field ${className}` : 'field'}>
        <label htmlFor={id}>{label}</label>
        <select {...rest} {...aria} />
        {hintLine}
        <FieldErrors id={id} errors={errors} />
      </div>
    );
  }
  if (props.as === 'textarea') {
    const { as: _as, name: _n, label: _l, id: _i, hint: _h, errors: _e, className: _c, ...rest } = props;
    return (
      <div className={className ? `field ${className}` : 'field'}>
        <label htmlFor={id}>{label}</label>
        <textarea {...rest} {...aria} />
        {hintLine}
        <FieldErrors id={id} errors={errors} />
      </div>
    );
  }
  const { as: _as, name: _n, label: _l, id: _i, hint: _h, errors: _e, className: _c, ...rest } = props;
  // A checkbox reads as a sentence: the box first, its label after it on the same line.
  if (rest.type === 'checkbox') {
    return (
      <div className={`field field-check${className ? ` ${className}` : ''}`}>
        <span className="field-check-row">
          <input {...rest} {...aria} />
          <label htmlFor={id}>{label}</label>
        </span>
        {hintLine}
        <FieldErrors id={id} errors={errors} />
      </div>
    );
  }
  return (
    <div className={className ? `field ${className}` : 'field'}>
      <label htmlFor={id}>{label}</label>
      <input {...rest} {...aria} />
      {hintLine}
      <FieldErrors id={id} errors={errors} />
    </div>
  );
}
