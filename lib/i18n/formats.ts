// Named ICU formats usable inside messages ({value, number, brl}); lib/format.ts formats figures in code.
import type { Formats } from 'next-intl';

export const formats = {
  number: {
    brl: { style: 'currency', currency: 'BRL' },
    percent: { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 },
    decimal2: { minimumFractionDigits: 2, maximumFractionDigits: 2 },
    decimal4: { minimumFractionDigits: 4, maximumFractionDigits: 4 },
  },
  dateTime: {
    date: { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' },
    dateTime: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  },
} satisfies Formats;
