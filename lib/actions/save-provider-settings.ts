'use server';
// Saves the channel provider settings ('engagement.providers', settings:manage; audited by setSetting). The
// token and app secret are never sent back to the browser: an empty field keeps the stored value.
import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { getSetting, setSetting } from '@/lib/settings/store';
import { engagementProviders } from '@/lib/settings/engagement';

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === true, z.boolean());
const input = z.object({
  enabled: checkbox,
  baseUrl: z.string().trim().url().or(z.literal('')),
  token: z.string().trim().max(1000).default(''),
  phoneNumberId: z.string().trim().max(64),
  appSecret: z.string().trim().max(200).default(''),
  verifyToken: z.string().trim().max(200),
  templateName: z.string().trim().max(200),
  languageCode: z.string().trim().max(10),
});

export const saveProviderSettings = action(
  'settings:manage',
  input,
  async (v, { actor }) => {
    const stored = await getSetting(engagementProviders);
    await setSetting(
      engagementProviders,
      {
        whatsapp: {
          ...v,
          token: v.token === '' ? stored.whatsapp.token : v.token,
          appSecret: v.appSecret === '' ? stored.whatsapp.appSecret : v.appSecret,
        },
      },
      actor,
    );
    return { message: 'actions.providers.saved' };
  },
  { revalidate: ['/settings'] },
);
