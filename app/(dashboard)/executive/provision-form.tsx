'use client';
// The provision (PDD) estimate, its formula and assumptions; the assumptions are editable here.
// Messages: executive (executive.provision.*).
import { useActionState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { saveProvisionSettings } from '@/lib/actions/save-provision-settings';
import { initialActionState } from '@/lib/actions/action-state';
import { FieldList } from '@/components/ui/field-list';
import { FormStatus } from '@/components/ui/form-status';
import { formatMoney, formatNumber, formatPercent } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import type { ExecutiveSummary } from '@/lib/data/executive';

export function ProvisionCard({ provision }: { provision: ExecutiveSummary['provision'] }) {
  const t = useTranslations('executive.provision');
  const locale = useLocale() as Locale;
  const [state, act, pending] = useActionState(saveProvisionSettings, initialActionState);
  const errors = state.fieldErrors ?? {};
  const a = provision.assumptions;
  return (
    <section className="card section" data-testid="provision">
      <h2>{t('title')}</h2>
      <p style={{ fontSize: '1.6rem', fontWeight: 600 }} data-testid="provision-avoided">
        {formatMoney(provision.avoided, locale, 0)}
      </p>
      <p className="muted" data-testid="provision-formula">
        {t('formula', {
          accepted: formatNumber(provision.accepted, locale),
          exposure: formatMoney(provision.pdTimesLimit, locale, 0),
          ead: formatPercent(a.eadShare, locale, 0),
          lgd: formatPercent(a.lgd, locale, 0),
          effect: formatPercent(a.pdReduction, locale, 0),
        })}
      </p>
      <form action={act} className="grid2">
        <FieldList
          errors={errors}
          shared={{ inputMode: 'decimal', required: true }}
          fields={[
            { id: 'prov-lgd', name: 'lgd', label: t('lgd'), hint: t('lgdHint'), defaultValue: a.lgd },
            {
              id: 'prov-ead',
              name: 'eadShare',
              label: t('ead'),
              hint: t('eadHint'),
              defaultValue: a.eadShare,
            },
            {
              id: 'prov-effect',
              name: 'pdReduction',
              label: t('effect'),
              hint: t('effectHint'),
              defaultValue: a.pdReduction,
            },
          ]}
        />
        <div>
          <button type="submit" className="btn primary" disabled={pending} data-testid="provision-save">
            {t('save')}
          </button>
          <FormStatus state={state} pending={pending} testId="provision-status" />
        </div>
      </form>
    </section>
  );
}
