'use client';
// The configured triggers (monitoring:manage): each one's definition, opened to edit it, and a form to create
// one, all through the save-trigger action. "Meses comparados" (windowMonths) only matters to the challenger
// comparison (metric challengerP): the matured months it pools; empty keeps the default 3. Messages:
// monitoringPage (triggerForm.*).
import { useActionState, useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import type { Locale } from '@/lib/i18n/locales';
import { saveTrigger } from '@/lib/actions/save-trigger';
import { initialActionState } from '@/lib/actions/action-state';
import { cohortSchema, periodKindSchema, saveTriggerInput } from '@/lib/validations/monitoring';
import { FieldList } from '@/components/ui/field-list';
import { FormStatus } from '@/components/ui/form-status';
import { num3 } from '@/components/charts/format';
import type { TriggerItem } from '@/components/charts/monitoring-api';

const METRICS = saveTriggerInput.shape.metric.options;
const COMPARATORS = saveTriggerInput.shape.comparator.options;
const ACTIONS = saveTriggerInput.shape.action.options;
const PERIODS = periodKindSchema.options;
const COHORTS = cohortSchema.options;

export function TriggerSettings({ triggers, loading }: { triggers: TriggerItem[]; loading: boolean }) {
  const t = useTranslations('monitoringPage');
  const locale = useLocale() as Locale;
  return (
    <section className="card section" data-testid="trigger-settings">
      <h2>{t('triggerForm.title')}</h2>
      {loading ? (
        <div className="skeleton" aria-hidden="true" style={{ height: 80 }} />
      ) : (
        triggers.map((tr) => (
          <details key={tr.id} data-testid="trigger-definition" data-name={tr.name}>
            <summary>
              {tr.name} · {t(`triggerForm.metric.${metricKey(tr.metric)}`)} {tr.comparator}{' '}
              {num3(tr.threshold, locale)} · {t(`triggerForm.action.${actionKey(tr.action)}`)}
              {tr.enabled ? '' : ` · ${t('triggerForm.disabled')}`}
            </summary>
            <TriggerForm trigger={tr} />
          </details>
        ))
      )}
      <details data-testid="trigger-new">
        <summary>{t('triggerForm.new')}</summary>
        <TriggerForm />
      </details>
    </section>
  );
}

type Metric = (typeof METRICS)[number];
type Action = (typeof ACTIONS)[number];
const metricKey = (m: string): Metric => ((METRICS as readonly string[]).includes(m) ? (m as Metric) : 'auc');
const actionKey = (a: string): Action =>
  (ACTIONS as readonly string[]).includes(a) ? (a as Action) : 'NOTIFY';

/** Creates a trigger (no `trigger`) or edits one; the ids derive from the trigger's so every form is unique. */
export function TriggerForm({ trigger }: { trigger?: TriggerItem }) {
  const t = useTranslations('monitoringPage');
  const queryClient = useQueryClient();
  const [state, formAction, pending] = useActionState(saveTrigger, initialActionState);
  useEffect(() => {
    if (state.ok) void queryClient.invalidateQueries({ queryKey: ['monitoring-triggers'] });
  }, [state, queryClient]);
  const errors = state.fieldErrors ?? {};
  const p = `trigger-${trigger?.id ?? 'new'}`;
  const label = (
    k:
      | 'name'
      | 'metric'
      | 'comparator'
      | 'threshold'
      | 'periodKind'
      | 'cohort'
      | 'feature'
      | 'minSample'
      | 'cooldownDays'
      | 'action'
      | 'windowMonths'
      | 'enabled',
  ) => t(`triggerForm.field.${k}`);
  return (
    <form action={formAction} className="inline-form" noValidate data-testid="trigger-form">
      {trigger ? <input type="hidden" name="id" value={trigger.id} /> : null}
      {/* An unchecked box sends nothing; this earlier "false" is then the value read (a checked box's wins). */}
      <input type="hidden" name="enabled" value="false" />
      <FieldList
        errors={errors}
        fields={[
          {
            id: `${p}-name`,
            name: 'name',
            label: label('name'),
            maxLength: 80,
            required: true,
            defaultValue: trigger?.name ?? '',
          },
          {
            id: `${p}-metric`,
            name: 'metric',
            as: 'select',
            label: label('metric'),
            defaultValue: trigger?.metric ?? 'auc',
            children: METRICS.map((m) => (
              <option key={m} value={m}>
                {t(`triggerForm.metric.${m}`)}
              </option>
            )),
          },
          {
            id: `${p}-comparator`,
            name: 'comparator',
            as: 'select',
            label: label('comparator'),
            defaultValue: trigger?.comparator ?? '<',
            children: COMPARATORS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            )),
          },
          {
            id: `${p}-threshold`,
            name: 'threshold',
            type: 'number',
            step: 'any',
            label: label('threshold'),
            defaultValue: trigger?.threshold ?? '',
          },
          {
            id: `${p}-period`,
            name: 'periodKind',
            as: 'select',
            label: label('periodKind'),
            defaultValue: trigger?.periodKind ?? 'MONTH',
            children: PERIODS.map((k) => (
              <option key={k} value={k}>
                {t(`triggerForm.period.${k}`)}
              </option>
            )),
          },
          {
            id: `${p}-cohort`,
            name: 'cohort',
            as: 'select',
            label: label('cohort'),
            defaultValue: trigger?.cohort ?? '',
            children: [
              <option key="" value="">
                {t('triggerForm.cohort.none')}
              </option>,
              ...COHORTS.map((c) => (
                <option key={c} value={c}>
                  {t(`triggerForm.cohort.${c}`)}
                </option>
              )),
            ],
          },
          {
            id: `${p}-feature`,
            name: 'feature',
            label: label('feature'),
            hint: t('triggerForm.featureHint'),
            maxLength: 100,
            defaultValue: trigger?.feature ?? '',
          },
          {
            id: `${p}-min-sample`,
            name: 'minSample',
            type: 'number',
            inputMode: 'numeric',
            min: 1,
            step: 1,
            label: label('minSample'),
            defaultValue: trigger?.minSample ?? 500,
          },
          {
            id: `${p}-cooldown`,
            name: 'cooldownDays',
            type: 'number',
            inputMode: 'numeric',
            min: 0,
            max: 365,
            step: 1,
            label: label('cooldownDays'),
            defaultValue: trigger?.cooldownDays ?? 7,
          },
          {
            id: `${p}-action`,
            name: 'action',
            as: 'select',
            label: label('action'),
            defaultValue: trigger?.action ?? 'NOTIFY',
            children: ACTIONS.map((a) => (
              <option key={a} value={a}>
                {t(`triggerForm.action.${a}`)}
              </option>
            )),
          },
          {
            id: `${p}-window-months`,
            name: 'windowMonths',
            type: 'number',
            inputMode: 'numeric',
            min: 1,
            max: 24,
            step: 1,
            label: label('windowMonths'),
            hint: t('triggerForm.windowMonthsHint'),
            defaultValue: trigger?.windowMonths ?? '',
          },
          {
            id: `${p}-enabled`,
            name: 'enabled',
            type: 'checkbox',
            label: label('enabled'),
            defaultChecked: trigger?.enabled ?? true,
          },
        ]}
      />
      <button className="btn" type="submit" disabled={pending} data-testid="trigger-save">
        {t('triggerForm.save')}
      </button>
      <FormStatus state={state} pending={pending} testId="trigger-form-status" />
    </form>
  );
}
