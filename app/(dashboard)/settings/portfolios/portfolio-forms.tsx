'use client';
// The Carteiras forms, each calling its audited server action and showing the outcome in a status line.
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { createPortfolio } from '@/lib/actions/create-portfolio';
import { updatePortfolio } from '@/lib/actions/update-portfolio';
import { addPortfolioRule } from '@/lib/actions/add-portfolio-rule';
import { deletePortfolioRule } from '@/lib/actions/delete-portfolio-rule';
import { applyPortfolioRules } from '@/lib/actions/apply-portfolio-rules';
import { pinClientPortfolio } from '@/lib/actions/pin-client-portfolio';
import { initialActionState } from '@/lib/actions/action-state';
import type { FieldProps } from '@/components/ui/field';
import { FieldList } from '@/components/ui/field-list';
import { FormStatus } from '@/components/ui/form-status';

type Person = { id: string; name: string };

function ManagerOptions({ managers }: { managers: Person[] }) {
  const t = useTranslations('alerts');
  return (
    <>
      <option value="">{t('portfolios.noManager')}</option>
      {managers.map((m) => (
        <option key={m.id} value={m.id}>
          {m.name}
        </option>
      ))}
    </>
  );
}

/** A portfolio's manager select (none allowed), in the create and edit forms. */
function managerField(id: string, label: string, managers: Person[], defaultValue?: string): FieldProps {
  return {
    as: 'select',
    id,
    name: 'managerId',
    label,
    defaultValue,
    children: <ManagerOptions managers={managers} />,
  };
}

export function CreatePortfolioForm({ managers }: { managers: Person[] }) {
  const t = useTranslations('alerts');
  const [state, action, pending] = useActionState(createPortfolio, initialActionState);
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="inline-form" noValidate>
      <FieldList
        errors={e}
        fields={[
          { id: 'new-portfolio-name', name: 'name', label: t('portfolios.name'), required: true },
          managerField('new-portfolio-manager', t('portfolios.manager'), managers),
        ]}
      />
      <button className="btn" type="submit" disabled={pending} data-testid="portfolio-create">
        {t('portfolios.create')}
      </button>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}

export function EditPortfolioForm({
  portfolio,
  managers,
}: {
  portfolio: { id: string; name: string; managerId: string | null; managerName: string | null };
  managers: Person[];
}) {
  const t = useTranslations('alerts');
  const [state, action, pending] = useActionState(updatePortfolio, initialActionState);
  const e = state.fieldErrors ?? {};
  // The current manager stays selectable even if no longer listed (disabled account).
  const list =
    portfolio.managerId && !managers.some((m) => m.id === portfolio.managerId)
      ? [...managers, { id: portfolio.managerId, name: portfolio.managerName ?? '—' }]
      : managers;
  return (
    <form action={action} className="inline-form" noValidate>
      <input type="hidden" name="id" value={portfolio.id} />
      <FieldList
        errors={e}
        fields={[
          {
            id: `p-${portfolio.id}-name`,
            name: 'name',
            label: t('portfolios.name'),
            defaultValue: portfolio.name,
          },
          managerField(`p-${portfolio.id}-manager`, t('portfolios.manager'), list, portfolio.managerId ?? ''),
        ]}
      />
      <button className="btn small secondary" type="submit" disabled={pending}>
        {t('portfolios.save')}
      </button>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}

export function AddRuleForm({ portfolioId }: { portfolioId: string }) {
  const t = useTranslations('alerts');
  const [state, action, pending] = useActionState(addPortfolioRule, initialActionState);
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="inline-form" noValidate>
      <input type="hidden" name="portfolioId" value={portfolioId} />
      <FieldList
        errors={e}
        fields={[
          { id: `r-${portfolioId}-region`, name: 'region', label: t('portfolios.region'), size: 6 },
          { id: `r-${portfolioId}-segment`, name: 'segment', label: t('portfolios.segment'), size: 8 },
          {
            id: `r-${portfolioId}-priority`,
            name: 'priority',
            type: 'number',
            label: t('portfolios.priority'),
            defaultValue: 100,
          },
        ]}
      />
      <button className="btn small" type="submit" disabled={pending}>
        {t('portfolios.addRule')}
      </button>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}

export function DeleteRuleButton({ id }: { id: string }) {
  const t = useTranslations('alerts');
  const [state, action, pending] = useActionState(deletePortfolioRule, initialActionState);
  return (
    <form action={action} style={{ display: 'inline' }}>
      <input type="hidden" name="id" value={id} />
      <button className="btn small danger" type="submit" disabled={pending}>
        {t('portfolios.deleteRule')}
      </button>
      {state.message && !state.ok ? <span className="field-error">{state.message}</span> : null}
    </form>
  );
}

export function ApplyRulesForm() {
  const t = useTranslations('alerts');
  const [state, action, pending] = useActionState(applyPortfolioRules, initialActionState);
  return (
    <form action={action}>
      <p className="muted">{t('portfolios.applyHint')}</p>
      <button className="btn" type="submit" disabled={pending} data-testid="portfolio-apply">
        {t('portfolios.apply')}
      </button>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}

export function PinClientForm({ portfolios }: { portfolios: Person[] }) {
  const t = useTranslations('alerts');
  const [state, action, pending] = useActionState(pinClientPortfolio, initialActionState);
  const e = state.fieldErrors ?? {};
  return (
    <form action={action} className="inline-form" noValidate>
      <FieldList
        errors={e}
        fields={[
          { id: 'pin-external-id', name: 'externalId', label: t('portfolios.pinClient'), required: true },
          {
            as: 'select',
            id: 'pin-portfolio',
            name: 'portfolioId',
            label: t('portfolios.pinTarget'),
            children: (
              <>
                {portfolios.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
                <option value="pool">{t('portfolios.pinPool')}</option>
                <option value="rules">{t('portfolios.pinRules')}</option>
              </>
            ),
          },
        ]}
      />
      <button className="btn" type="submit" disabled={pending} data-testid="portfolio-pin">
        {t('portfolios.pin')}
      </button>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}
