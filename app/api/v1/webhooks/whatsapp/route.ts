// WhatsApp Cloud API webhook. Not authenticated by session: the signature is the authentication. proxy.ts lets
// every /api request through (no login redirect for APIs) and this route does not use handler() (which needs a
// session or API key), so no shared file had to change.
// GET: the subscription challenge. POST: X-Hub-Signature-256 over the RAW body is verified (constant time)
// before anything is parsed; a bad or missing signature is 401 and changes nothing.
import { getSetting } from '@/lib/settings/store';
import { engagementProviders } from '@/lib/settings/engagement';
import { verifySignature } from '@/lib/engagement/signature';
import { applyInboundReply, applyProviderStatus } from '@/lib/engagement/callbacks';
import { readBodyCapped } from '@/lib/api/respond';
import { log } from '@/lib/log';
import { timingSafeEqual } from 'node:crypto';

export const dynamic = 'force-dynamic';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function GET(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const { whatsapp } = await getSetting(engagementProviders);
  const mode = url.searchParams.get('hub.mode');
  const token = url.searchParams.get('hub.verify_token') ?? '';
  const challenge = url.searchParams.get('hub.challenge') ?? '';
  if (mode === 'subscribe' && whatsapp.verifyToken !== '' && sameText(token, whatsapp.verifyToken)) {
    return new Response(challenge, { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  return new Response('forbidden', { status: 403 });
}

const STATUS_MAP = { sent: 'SENT', delivered: 'DELIVERED', read: 'READ', failed: 'FAILED' } as const;

interface WebhookBody {
  entry?: {
    changes?: {
      value?: {
        statuses?: { id?: string; status?: string; timestamp?: string }[];
        messages?: {
          id?: string;
          from?: string;
          type?: string;
          timestamp?: string;
          text?: { body?: string };
        }[];
      };
    }[];
  }[];
}

function at(ts: string | undefined): Date {
  const n = Number(ts);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : new Date();
}

export async function POST(request: Request): Promise<Response> {
  const raw = await readBodyCapped(request, 1024 * 1024);
  if (raw === 'too-large') return new Response('too large', { status: 413 });
  const { whatsapp } = await getSetting(engagementProviders);
  const body = Buffer.from(raw);
  if (!verifySignature(body, request.headers.get('x-hub-signature-256'), whatsapp.appSecret)) {
    return Response.json({ error: { code: 'UNAUTHORIZED', message: 'invalid signature' } }, { status: 401 });
  }
  let parsed: WebhookBody;
  try {
    parsed = JSON.parse(body.toString('utf8')) as WebhookBody;
  } catch {
    return Response.json({ error: { code: 'INVALID_INPUT', message: 'invalid JSON' } }, { status: 400 });
  }
  const results: string[] = [];
  for (const entry of parsed.entry ?? []) {
    for (const change of entry.changes ?? []) {
      for (const s of change.value?.statuses ?? []) {
        const status = STATUS_MAP[s.status as keyof typeof STATUS_MAP];
        if (!s.id || !status) continue;
        results.push(
          await applyProviderStatus({
            providerMessageId: s.id,
            status,
            providerEventId: `wa:${s.id}:${s.status}`,
            at: at(s.timestamp),
            source: 'whatsapp.webhook',
          }),
        );
      }
      for (const m of change.value?.messages ?? []) {
        if (!m.id || !m.from || m.type !== 'text') continue;
        results.push(
          await applyInboundReply({
            channel: 'WHATSAPP',
            fromPhone: m.from,
            text: m.text?.body ?? '',
            providerEventId: `wa:${m.id}`,
            at: at(m.timestamp),
            source: 'whatsapp.webhook',
          }),
        );
      }
    }
  }
  log.info({ events: results.length }, 'whatsapp webhook');
  return Response.json({ ok: true, results });
}
