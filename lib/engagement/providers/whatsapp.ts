// WhatsApp Cloud API provider: POST {baseUrl}/{phoneNumberId}/messages with a template message, bearer token.
// 5xx, 429 (Retry-After honoured) and timeouts are retryable; other 4xx are permanent. The idempotency key goes
// in the X-Idempotency-Key header (the fake server dedupes on it; the dispatcher also records the
// providerMessageId once, so a retry after a timeout never produces a second message row).
import { ProviderError, type OutboundMessage, type Provider, type SendResult } from './types';

export interface WhatsAppConfig {
  baseUrl: string;
  token: string;
  phoneNumberId: string;
  templateName: string;
  languageCode: string;
  timeoutMs?: number;
}

function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

export function whatsappProvider(config: WhatsAppConfig): Provider {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/${encodeURIComponent(config.phoneNumberId)}/messages`;
  return {
    name: 'whatsapp',
    async send(message: OutboundMessage): Promise<SendResult> {
      const payload = {
        messaging_product: 'whatsapp',
        to: message.to,
        type: 'template',
        template: {
          name: config.templateName,
          language: { code: config.languageCode },
          components: [{ type: 'body', parameters: message.params.map((text) => ({ type: 'text', text })) }],
        },
      };
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${config.token}`,
            'content-type': 'application/json',
            'x-idempotency-key': message.idempotencyKey,
          },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
        });
      } catch (error) {
        throw new ProviderError(`whatsapp request failed: ${(error as Error).name}`, true);
      }
      if (response.status === 429) {
        throw new ProviderError(
          'whatsapp rate limited',
          true,
          parseRetryAfter(response.headers.get('retry-after')),
        );
      }
      if (response.status >= 500) throw new ProviderError(`whatsapp ${response.status}`, true);
      if (!response.ok) throw new ProviderError(`whatsapp ${response.status}`, false);
      const json = (await response.json().catch(() => null)) as { messages?: { id?: string }[] } | null;
      const id = json?.messages?.[0]?.id;
      if (!id) throw new ProviderError('whatsapp response without message id', false);
      return { providerMessageId: id };
    },
  };
}
