// The providers in use: the WhatsApp Cloud API when enabled and configured in settings ('engagement.providers'),
// the log provider for every other channel (and for WhatsApp when not configured).
import 'server-only';
import { getSetting } from '@/lib/settings/store';
import { engagementProviders } from '@/lib/settings/engagement';
import type { ProviderMap } from '../dispatch';
import { logProvider } from './log';
import { whatsappProvider } from './whatsapp';

export async function resolveProviders(): Promise<ProviderMap> {
  const { whatsapp } = await getSetting(engagementProviders);
  const waReady =
    whatsapp.enabled && whatsapp.baseUrl !== '' && whatsapp.token !== '' && whatsapp.phoneNumberId !== '';
  return {
    APP: logProvider,
    EMAIL: logProvider,
    SMS: logProvider,
    WHATSAPP: waReady ? whatsappProvider(whatsapp) : logProvider,
  };
}
