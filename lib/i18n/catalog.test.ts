// The catalogue is complete in every locale: a key present in one locale only, an empty message or a
// placeholder that differs between translations fails here (so English never leaks into pt-BR by fallback).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '@/lib/i18n/catalog';
import { LOCALES } from '@/lib/i18n/locales';
import { translateKey } from '@/lib/i18n/translate';

function leaves(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)/g)].map((m) => m[1]).sort();

describe('message catalogue', () => {
  const byLocale = Object.fromEntries(LOCALES.map((l) => [l, leaves(catalog[l])]));

  it('has the same keys in every locale', () => {
    const [first, ...rest] = LOCALES;
    for (const other of rest) {
      const a = [...byLocale[first!]!.keys()].filter((k) => !byLocale[other]!.has(k));
      const b = [...byLocale[other]!.keys()].filter((k) => !byLocale[first!]!.has(k));
      expect({ [`only in ${first}`]: a, [`only in ${other}`]: b }).toEqual({
        [`only in ${first}`]: [],
        [`only in ${other}`]: [],
      });
    }
  });

  it('has no empty message and the same placeholders in every translation', () => {
    for (const [key, pt] of byLocale['pt-BR']!) {
      expect(pt.trim(), key).not.toBe('');
      const en = byLocale.en!.get(key);
      if (en !== undefined) expect(placeholders(en), key).toEqual(placeholders(pt));
    }
  });

  it('loads every namespace file of every locale', () => {
    const dir = path.join(import.meta.dirname, 'messages');
    for (const locale of LOCALES) {
      const files = fs.readdirSync(path.join(dir, locale)).map((f) => f.replace(/\.json$/, ''));
      expect(Object.keys(catalog[locale]).sort()).toEqual(files.sort());
    }
  });

  it('formats every message with ICU parameters without errors', () => {
    for (const locale of LOCALES) {
      for (const [key, msg] of byLocale[locale]!) {
        const params = Object.fromEntries(placeholders(msg).map((p) => [p, 1]));
        const out = translateKey(locale, key, params);
        expect(out, `${locale} ${key}`).not.toBe(key);
      }
    }
  });
});
