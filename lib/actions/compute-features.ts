'use server';
// Recomputes and stores fs-v1 for every client as of a month (models:manage); idempotent, audited.
import { z } from 'zod';
import { pool } from '@/lib/db';
import { action } from '@/lib/actions/action';
import { audit } from '@/lib/audit';
import { computeFeatureBatch } from '@/lib/features/store';
import { formatMonth, formatNumber } from '@/lib/format';
import { yearMonth } from '@/lib/validations/common';

export const computeFeatures = action(
  'models:manage',
  z.object({ asOfMonth: yearMonth }),
  async ({ asOfMonth }, { actor, locale }) => {
    const r = await computeFeatureBatch(pool(), asOfMonth);
    await audit(actor, 'features.compute', asOfMonth, { clients: r.clients, durationMs: r.durationMs });
    return {
      message: 'actions.features.computed',
      params: {
        count: r.clients,
        clients: formatNumber(r.clients, locale),
        month: formatMonth(r.asOfMonth, locale),
        seconds: formatNumber(r.durationMs / 1000, locale, 1),
      },
    };
  },
  { revalidate: ['/features'] },
);
