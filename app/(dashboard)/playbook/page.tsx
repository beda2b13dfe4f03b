// Playbook for managers and customer service: the consultative script, objection handling, what to record and
// compliance (LGPD, do-not-call, no pressure, CDC). Permission 'playbook:view' (MANAGER, ADMIN, EXECUTIVE).
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { requirePage } from '@/lib/auth/session';

const OBJECTIONS = ['o1', 'o2', 'o3', 'o4', 'o5', 'o6', 'o7'] as const;

export default async function PlaybookPage() {
  await requirePage('playbook:view');
  const t = await getTranslations('playbook');
  return (
    <div data-testid="playbook">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <section className="card section" data-testid="playbook-script">
        <h2>{t('scriptTitle')}</h2>
        <h3>{t('opening')}</h3>
        <p>{t('openingText')}</p>
        <h3>{t('discovery')}</h3>
        <ul>
          <li>{t('discovery1')}</li>
          <li>{t('discovery2')}</li>
          <li>{t('discovery3')}</li>
          <li>{t('discovery4')}</li>
        </ul>
        <h3>{t('offer')}</h3>
        <p>{t('offerText')}</p>
        <h3>{t('closing')}</h3>
        <p>{t('closingText')}</p>
      </section>
      <section className="card section" data-testid="playbook-objections">
        <h2>{t('objectionsTitle')}</h2>
        <dl>
          {OBJECTIONS.map((o) => (
            <div key={o} data-testid="playbook-objection">
              <dt>
                <strong>{t(`objections.${o}.q`)}</strong>
              </dt>
              <dd>{t(`objections.${o}.a`)}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card section">
        <h2>{t('recordTitle')}</h2>
        <ul>
          <li>{t('recordStatuses')}</li>
          <li>{t('recordNotes')}</li>
          <li>{t('recordNext')}</li>
        </ul>
      </section>
      <section className="card section" data-testid="playbook-compliance">
        <h2>{t('complianceTitle')}</h2>
        <ul>
          <li>{t('complianceLgpd')}</li>
          <li>{t('complianceDnc')}</li>
          <li>{t('compliancePressure')}</li>
          <li>{t('complianceCdc')}</li>
        </ul>
      </section>
      <p>
        <Link href="/alerts">{t('backToAlerts')}</Link>
      </p>
    </div>
  );
}
