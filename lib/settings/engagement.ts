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

/** "EAAB…x9Qz" style: never more than the last 4 characters. */
export function maskSecret(secret: string): string {
  if (!secret) return '';
  return secret.length <= 8 ? '••••' : `••••${secret.slice(-4)}`;
}
