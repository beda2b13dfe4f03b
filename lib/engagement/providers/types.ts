// A channel provider sends one rendered message. It returns the provider's message id, or throws a
// ProviderError saying whether a retry may succeed (and, for 429, when).
export interface OutboundMessage {
  /** Idempotency key, stable per offer ("offer-<id>"): a retry after a timeout never sends twice. */
  idempotencyKey: string;
  channel: 'APP' | 'EMAIL' | 'SMS' | 'WHATSAPP';
  to: string;
  body: string;
  /** Template parameters in order (WhatsApp template body parameters). */
  params: string[];
}

export interface SendResult {
  providerMessageId: string;
  /** The provider confirmed delivery synchronously (the log provider does). */
  delivered?: boolean;
}

export interface Provider {
  name: string;
  send(message: OutboundMessage): Promise<SendResult>;
}

export class ProviderError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

/** Exponential backoff with a cap; a Retry-After from the provider wins when longer. */
export function backoffMs(
  attempt: number,
  retryAfterMs?: number,
  baseMs = 30_000,
  capMs = 3_600_000,
): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return retryAfterMs !== undefined ? Math.max(exp, retryAfterMs) : exp;
}
