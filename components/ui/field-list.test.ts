// FieldList draws the same rows a form would write by hand with Field: each row's errors found by its name,
// the shared input attributes on every input but not on a select, a row's own attribute winning.
import { createElement as h } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { FieldList } from '@/components/ui/field-list';

describe('FieldList', () => {
  it('draws every row in order with its label, its errors by name and the shared attributes', () => {
    const out = renderToStaticMarkup(
      h(FieldList, {
        errors: { lgd: ['Entre 0 e 1.'] },
        shared: { inputMode: 'decimal', required: true },
        fields: [
          { id: 'prov-lgd', name: 'lgd', label: 'LGD', hint: 'Perda.', defaultValue: 0.45 },
          { id: 'prov-window', name: 'window', label: 'Janela', inputMode: 'numeric' },
          {
            as: 'select',
            id: 'prov-role',
            name: 'role',
            label: 'Perfil',
            defaultValue: 'B',
            children: [
              h('option', { key: 'a', value: 'A' }, 'A'),
              h('option', { key: 'b', value: 'B' }, 'B'),
            ],
          },
        ],
      }),
    );
    const rows = out.split('<div class="field">').slice(1);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('<label for="prov-lgd">LGD</label>');
    expect(rows[0]).toMatch(
      /<input[^>]*inputMode="decimal"[^>]*required=""[^>]*id="prov-lgd"[^>]*name="lgd"/,
    );
    expect(rows[0]).toContain('value="0.45"');
    expect(rows[0]).toContain('aria-invalid="true"');
    expect(rows[0]).toContain('aria-describedby="prov-lgd-hint prov-lgd-error"');
    expect(rows[0]).toContain('data-testid="prov-lgd-error">Entre 0 e 1.</span>');
    expect(rows[1]).toContain('inputMode="numeric"');
    expect(rows[1]).not.toContain('aria-invalid');
    expect(rows[2]).toMatch(/<select id="prov-role" name="role">.*<option value="B" selected="">B<\/option>/);
    expect(rows[2]).not.toContain('required');
  });

  it('keeps a row’s own errors over the form’s', () => {
    const out = renderToStaticMarkup(
      h(FieldList, {
        errors: { name: ['Da ação.'] },
        fields: [{ id: 'n', name: 'name', label: 'Nome', errors: ['Do campo.'] }],
      }),
    );
    expect(out).toContain('Do campo.');
    expect(out).not.toContain('Da ação.');
  });
});
