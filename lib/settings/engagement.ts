// Channel provider settings (key 'engagement.providers'). The WhatsApp token and app secret are secrets: the UI
// only ever shows them masked (maskSecret).
import { z } from 'zod';
import { defineSetting } from '@/lib/settings/store';

export const engagementProvidersSchema = z.object({
  whatsapp: z.object({
    enabled: z.boolean(),
    baseUrl: z.string().url().or(z.literal('')),
    token: z.string().max(1000),
    phoneNumberId: z.string().max(64),
    appSecret: z.string().max(200),
    verifyToken: z.string().max(200),
    templateName: z.string().max(200),
    languageCode: z.string().max(10),
  }),
});
export type EngagementProviders = z.output<typeof engagementProvidersSchema>;

export const engagementProviders = defineSetting({
  key: 'engagement.providers',
  schema: engagementProvidersSchema,
  defaults: {
    whatsapp: {
      enabled: false,
      baseUrl: 'https://graph.facebook.com/v21.0',
      token: '',
      phoneNumberId: '',
      appSecret: '',
      verifyToken: '',
      templateName: 'oferta_proativa',
      languageCode: 'pt_BR',
    },
  },
});

/**
 * Outbox dispatch settings (key 'engagement.dispatch'). An offer is a reaction to one month's risk score, so it
 * expires `offerExpiryDays` after the end of its decision's as-of month (not after the offer's createdAt: a
 * late backfill or rescoring of an old month creates fresh rows about stale data, and the client's situation
 * is what the message talks about). The default, 35 days, lets the next monthly scoring land (its data closes
 * a few days into the month) before the previous month's leftovers stop being sent.
 */
export const engagementDispatchSchema = z.object({
  offerExpiryDays: z.number().int().min(1).max(365),
});
export type EngagementDispatch = z.output<typeof engagementDispatchSchema>;

export const engagementDispatch = defineSetting({
  key: 'engagement.dispatch',
  schema: engagementDispatchSchema,
  defaults: { offerExpiryDays: 35 },
});

/** When an offer for a decision of `asOfMonth` ('YYYY-MM') stops being sendable: month end (UTC) + days. */
export function offerExpiresAt(asOfMonth: string, days: number): Date {
  const [y, m] = asOfMonth.split('-').map(Number) as [number, number];
  // Date.UTC(y, m, 1) is the first day of the next month (m is 1-based here, 0-based there).
  return new Date(Date.UTC(y, m, 1) + days * 86_400_000);
}

/** "EAAB…x9Qz" style: never more than the last 4 characters. */
export function maskSecret(secret: string): string {
  if (!secret) return '';
  return secret.length <= 8 ? '••••' : `••••${secret.slice(-4)}`;
}
