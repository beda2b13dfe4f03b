// What assistive technology gets from a form field: the label bound to the control, the hint and the error
// announced through aria-describedby, aria-invalid only when there is an error; and a polite status line.
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';

const html = (el: ReturnType<typeof h>) => renderToStaticMarkup(el);

describe('Field', () => {
  it('binds the label and leaves a valid field unmarked', () => {
    const out = html(h(Field, { id: 'new-user-name', name: 'name', label: 'Nome' }));
    expect(out).toContain('<label for="new-user-name">Nome</label>');
    expect(out).toContain('id="new-user-name"');
    expect(out).toContain('name="name"');
    expect(out).not.toContain('aria-invalid');
    expect(out).not.toContain('aria-describedby');
  });

  it('shows the error next to the control and points the control at its hint and error', () => {
    const out = html(
      h(Field, {
        id: 'model-name',
        name: 'name',
        label: 'Nome',
        hint: 'Opcional.',
        errors: ['Use letras e dígitos.'],
      }),
    );
    expect(out).toContain('aria-invalid="true"');
    expect(out).toContain('aria-describedby="model-name-hint model-name-error"');
    expect(out).toContain('<small id="model-name-hint" class="field-hint">Opcional.</small>');
    expect(out).toMatch(
      /<span class="field-error" id="model-name-error"[^>]*>Use letras e dígitos\.<\/span>/,
    );
  });

  it('draws a select with its options and a checkbox before its label', () => {
    const select = html(
      h(Field, {
        as: 'select',
        id: 'r',
        name: 'role',
        label: 'Perfil',
        defaultValue: 'B',
        children: [h('option', { key: 'a', value: 'A' }, 'A'), h('option', { key: 'b', value: 'B' }, 'B')],
      }),
    );
    expect(select).toMatch(/<select[^>]*id="r"[^>]*>.*<option value="B" selected="">B<\/option>/);
    const box = html(h(Field, { id: 'p', name: 'positional', type: 'checkbox', label: 'Confirmo' }));
    expect(box.indexOf('<input')).toBeLessThan(box.indexOf('<label'));
  });
});

describe('FormStatus', () => {
  it('is a polite live region that hides the old outcome while submitting', () => {
    const done = html(h(FormStatus, { state: { ok: false, message: 'Verifique os campos.' } }));
    expect(done).toContain('role="status"');
    expect(done).toContain('aria-live="polite"');
    expect(done).toContain('class="status error"');
    expect(done).toContain('Verifique os campos.');
    const busy = html(
      h(FormStatus, { state: { ok: false, message: 'Verifique os campos.' }, pending: true }),
    );
    expect(busy).not.toContain('Verifique');
  });
});
