'use server';
// Erases a client's personal data on an LGPD request (admins only: 'clients:erase'). The admin gives the reason
// or ticket number, kept in the audit trail; a second request for the same client answers that it is done.
import { z } from 'zod';
import type { MessageKeys, NestedKeyOf } from 'next-intl';
import { action, type ActionKey } from '@/lib/actions/action';
import { eraseClientPersonalData } from '@/lib/privacy/erase';
import { erasureDay } from '@/lib/privacy/personal-fields';
import { formatDate } from '@/lib/format';
import { text } from '@/lib/validations/common';
import type { Messages } from '@/lib/i18n/catalog';

const eraseClientSchema = z.object({
  externalId: text(64).trim().min(1),
  reason: text(500).trim().min(3),
});

type PrivacyKey = `privacy.${MessageKeys<Messages['privacy'], NestedKeyOf<Messages['privacy']>>}`;
// The factory types its messages to the `actions` namespace; LGPD messages live in `privacy` (one namespace per
// feature). Still checked: a privacy key that does not exist fails tsc here.
const privacyKey = (k: PrivacyKey) => k as unknown as ActionKey;

export const eraseClient = action(
  'clients:erase',
  eraseClientSchema,
  async ({ externalId, reason }, { actor, locale }) => {
    const r = await eraseClientPersonalData(externalId, reason, actor);
    return {
      message: privacyKey(r.status === 'erased' ? 'privacy.erasure.done' : 'privacy.erasure.alreadyErased'),
      params: { externalId, date: formatDate(erasureDay(r.erasedAt), locale) },
      data: { status: r.status, erasedAt: r.erasedAt.toISOString() },
    };
  },
  { revalidate: [['/clients/[externalId]', 'page'], '/clients'] },
);
