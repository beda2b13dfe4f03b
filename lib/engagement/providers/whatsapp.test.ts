import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeWhatsApp, type FakeWhatsApp } from '../testing/fake-whatsapp';
import { whatsappProvider } from './whatsapp';
import { ProviderError, backoffMs, type OutboundMessage } from './types';

let fake: FakeWhatsApp;
beforeAll(async () => {
  fake = await startFakeWhatsApp('tok');
});
afterAll(async () => {
  await fake.close();
});

const msg = (id: number): OutboundMessage => ({
  idempotencyKey: `offer-${id}`,
  channel: 'WHATSAPP',
  to: '5511999990000',
  body: 'Olá',
  params: ['Ana'],
});

describe('whatsapp provider against the fake server', () => {
  it('classifies 500 and 429 (with Retry-After) as retryable, and succeeds afterwards', async () => {
    const p = whatsappProvider({
      baseUrl: fake.baseUrl,
      token: 'tok',
      phoneNumberId: '123',
      templateName: 't',
      languageCode: 'pt_BR',
    });
    fake.script([{ status: 500 }, { status: 429, retryAfterSeconds: 7 }]);
    const e1 = await p.send(msg(1)).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(ProviderError);
    expect((e1 as ProviderError).retryable).toBe(true);
    const e2 = (await p.send(msg(1)).catch((e: unknown) => e)) as ProviderError;
    expect(e2.retryable).toBe(true);
    expect(e2.retryAfterMs).toBe(7000);
    const ok = await p.send(msg(1));
    expect(ok.providerMessageId).toMatch(/^wamid\./);
    expect(fake.sends.get('offer-1')).toBe(1);
  });

  it('a retry after a timeout does not send twice (dedupe by idempotency key)', async () => {
    const p = whatsappProvider({
      baseUrl: fake.baseUrl,
      token: 'tok',
      phoneNumberId: '123',
      templateName: 't',
      languageCode: 'pt_BR',
      timeoutMs: 100,
    });
    fake.script([{ timeoutMs: 400 }]);
    const e = (await p.send(msg(2)).catch((x: unknown) => x)) as ProviderError;
    expect(e.retryable).toBe(true);
    const first = await p.send(msg(2));
    const again = await p.send(msg(2));
    expect(again.providerMessageId).toBe(first.providerMessageId);
    expect(fake.sends.get('offer-2')).toBe(1);
  });

  it('a bad token is a permanent error', async () => {
    const p = whatsappProvider({
      baseUrl: fake.baseUrl,
      token: 'wrong',
      phoneNumberId: '123',
      templateName: 't',
      languageCode: 'pt_BR',
    });
    const e = (await p.send(msg(3)).catch((x: unknown) => x)) as ProviderError;
    expect(e.retryable).toBe(false);
  });

  it('backoff is exponential, capped, and honours a longer Retry-After', () => {
    expect(backoffMs(1)).toBe(30_000);
    expect(backoffMs(3)).toBe(120_000);
    expect(backoffMs(30)).toBe(3_600_000);
    expect(backoffMs(1, 90_000)).toBe(90_000);
  });
});
