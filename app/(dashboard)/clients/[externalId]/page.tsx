// One client: who they are and their consents at once (a real 404 when there is no such client), then the
// decision history, the features and the raw history, each streaming in behind a skeleton of its own shape.
import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';
import { getClient } from '@/lib/data/clients';
import { getClientPrivacy } from '@/lib/data/privacy';
import { ClientIntl } from '@/components/i18n/client-intl';
import { EraseButton } from './erase-button';
import { formatDate, formatPhone } from '@/lib/format';
import { decodeSegment } from '@/lib/validations/common';
import { TableSkeleton } from '@/components/ui/page-skeleton';
import { regionLabel, segmentLabel } from '@/components/clients/labels';
import { ClientFeatures, ClientHistory, ClientHistorySkeleton } from './client-sections';
import { DecisionHistory, DecisionHistorySkeleton } from './decision-history';

type Params = Promise<{ externalId: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const [{ externalId }, t] = await Promise.all([params, getTranslations('page')]);
  return { title: t('client.title', { id: decodeSegment(externalId) ?? externalId }) };
}

export default async function ClientPage({ params }: { params: Params }) {
  await requirePage('clients:view');
  const externalId = decodeSegment((await params).externalId);
  if (externalId === null) notFound();
  const [d, privacy, tPrivacy, t, tCommon, locale] = await Promise.all([
    getClient(externalId),
    getClientPrivacy(externalId),
    getTranslations('privacy.erasure'),
    getTranslations('clients'),
    getTranslations('common'),
    getLocale(),
  ]);
  if (!d) notFound();
  const c = d.client;
  const consents = [
    ['app', c.consentApp],
    ['email', c.consentEmail],
    ['sms', c.consentSms],
    ['whatsapp', c.consentWhatsapp],
  ] as const;
  return (
    <>
      <p className="back-link">
        <Link href="/clients">
          <span aria-hidden="true">{'← '}</span>
          {t('back')}
        </Link>
      </p>
      <h1>
        {c.externalId}
        {c.name ? (
          <span className="muted" style={{ fontWeight: 400 }}>
            {' · '}
            <span data-testid="client-name">{c.name}</span>
          </span>
        ) : null}
      </h1>
      <section className="card grid2">
        <dl className="facts">
          <dt>{t('col.segment')}</dt>
          <dd>
            {segmentLabel(t, c.segment)}
            {' / '}
            {regionLabel(t, c.region)}
          </dd>
          <dt>{t('since')}</dt>
          <dd>{formatDate(c.relationshipStart, locale)}</dd>
          <dt>{t('col.contact')}</dt>
          {privacy?.erasedOn ? (
            <dd data-testid="erased-notice">
              {tPrivacy('erasedNotice', { date: formatDate(privacy.erasedOn, locale) })}
            </dd>
          ) : (
            <dd>
              {c.email ?? '—'}
              {' · '}
              <span className="nowrap">{formatPhone(c.phone)}</span>
            </dd>
          )}
        </dl>
        <div>
          <h2 className="card-title">{t('consents')}</h2>
          <ul className="consents">
            {consents.map(([channel, granted]) => (
              <li key={channel}>
                {t(`channel.${channel}`)}
                {': '}
                <span className={granted ? 'badge on' : 'badge'}>
                  {granted ? tCommon('yes') : tCommon('no')}
                </span>
              </li>
            ))}
          </ul>
        </div>
        {!d.canSeePersonalData ? <p className="badge">{t('masked')}</p> : null}
        {privacy?.canErase ? (
          <ClientIntl namespaces={['privacy']}>
            <EraseButton externalId={externalId} />
          </ClientIntl>
        ) : null}
      </section>
      <Suspense fallback={<DecisionHistorySkeleton />}>
        <DecisionHistory externalId={externalId} />
      </Suspense>
      <Suspense fallback={<TableSkeleton rows={14} cols={2} className="card section" />}>
        <ClientFeatures externalId={externalId} />
      </Suspense>
      <Suspense fallback={<ClientHistorySkeleton />}>
        <ClientHistory externalId={externalId} />
      </Suspense>
    </>
  );
}
