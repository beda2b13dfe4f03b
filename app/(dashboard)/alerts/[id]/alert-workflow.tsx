'use client';
// CONTRACT: `<AlertWorkflow alert={await getAlert(id, me)} managers={...optional, admins only} />`, placed inside
// `<ClientIntl namespaces={['alerts']}>` by the detail page. `alert` is getAlert()'s AlertDetail
// (lib/data/alerts.ts), plain JSON. It shows who holds the alert, a claim button (NEW), release and the next
// steps this viewer may take (alert.allowed) with a note, a next-contact date and the contact channel, an
// admin's assign form when `managers` is given, and the trail of events. Every outcome (a lost claim's 409
// "Este alerta já está com Fulano", an invalid step, a do-not-call refusal) shows in the status line
// (data-testid="alert-workflow-status"). Buttons: alert-claim, alert-release, alert-move-<STATUS>.
import { useActionState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { claimAlert } from '@/lib/actions/claim-alert';
import { transitionAlert } from '@/lib/actions/transition-alert';
import { releaseAlert } from '@/lib/actions/release-alert';
import { assignAlert } from '@/lib/actions/assign-alert';
import { initialActionState } from '@/lib/actions/action-state';
import type { AlertDetail } from '@/lib/alerts/types';
import type { AlertStatus } from '@/lib/alerts/status-flow';
import { formatDateTime } from '@/lib/format';
import type { Locale } from '@/lib/i18n/locales';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { SlaBadge, StatusBadge } from '@/app/(dashboard)/alerts/alert-badges';

export function AlertWorkflow({
  alert,
  managers,
}: {
  alert: AlertDetail;
  /** Active managers an admin may assign to (omit for non-admins). */
  managers?: { id: string; name: string }[];
}) {
  const t = useTranslations('alerts');
  const locale = useLocale() as Locale;
  const [claimState, claim, claiming] = useActionState(claimAlert, initialActionState);
  const [moveState, move, moving] = useActionState(transitionAlert, initialActionState);
  const [releaseState, release, releasing] = useActionState(releaseAlert, initialActionState);
  const [assignState, assign, assigning] = useActionState(assignAlert, initialActionState);
  const pending = claiming || moving || releasing || assigning;
  // The latest outcome of whichever form ran last.
  const states = [claimState, moveState, releaseState, assignState].filter((s) => s.message);
  const last = states.at(-1) ?? null;
  const steps = alert.allowed.filter((s): s is AlertStatus => s !== 'CLAIMED' && s !== 'NEW');
  const canClaim = alert.allowed.includes('CLAIMED');
  const canRelease = alert.allowed.includes('NEW');
  const errors = moveState.fieldErrors ?? {};

  return (
    <section className="card" aria-labelledby="alert-workflow-title" data-testid="alert-workflow">
      <h2 id="alert-workflow-title" className="card-title">
        {t('workflow.title')}
      </h2>
      <p>
        <StatusBadge status={alert.status} /> <SlaBadge state={alert.slaState} />{' '}
        {alert.slaDueAt && alert.slaState !== 'met' ? (
          <span className="muted small">
            {t('sla.due', { date: formatDateTime(alert.slaDueAt, locale) })}
          </span>
        ) : null}
      </p>
      <p data-testid="alert-holder">
        {alert.assignee
          ? t('workflow.holder', {
              name: alert.assignee.name,
              date: formatDateTime(alert.claimedAt, locale),
            })
          : t('workflow.nobody')}
      </p>
      {alert.client.doNotCall ? (
        <p className="badge off" data-testid="alert-do-not-call">
          {t('workflow.doNotCall')}
        </p>
      ) : null}

      {canClaim ? (
        <form action={claim}>
          <input type="hidden" name="id" value={alert.id} />
          <button className="btn" type="submit" disabled={pending} data-testid="alert-claim">
            {t('workflow.claim')}
          </button>
        </form>
      ) : null}

      {steps.length ? (
        <form action={move} noValidate>
          <input type="hidden" name="id" value={alert.id} />
          <Field
            as="textarea"
            id="alert-note"
            name="note"
            label={t('workflow.note')}
            hint={t('workflow.noteHint')}
            errors={errors.note}
            rows={3}
          />
          <Field
            id="alert-next-contact"
            name="nextContactAt"
            type="datetime-local"
            label={t('workflow.nextContactAt')}
            errors={errors.nextContactAt}
          />
          {steps.includes('CONTACTED') ? (
            <Field
              as="select"
              id="alert-via"
              name="via"
              label={t('via.label')}
              errors={errors.via}
              defaultValue={alert.client.doNotCall ? 'EMAIL' : 'PHONE'}
            >
              <option value="PHONE">{t('via.PHONE')}</option>
              <option value="EMAIL">{t('via.EMAIL')}</option>
              <option value="IN_PERSON">{t('via.IN_PERSON')}</option>
            </Field>
          ) : null}
          <div className="actions-row">
            {steps.map((s) => (
              <button
                key={s}
                className={s === 'CLOSED' ? 'btn secondary' : 'btn'}
                type="submit"
                name="to"
                value={s}
                disabled={pending}
                data-testid={`alert-move-${s}`}
              >
                {t('workflow.move', { status: t(`status.${s}`) })}
              </button>
            ))}
          </div>
        </form>
      ) : null}

      {canRelease ? (
        <form action={release}>
          <input type="hidden" name="id" value={alert.id} />
          <button className="btn secondary" type="submit" disabled={pending} data-testid="alert-release">
            {t('workflow.release')}
          </button>
        </form>
      ) : null}

      {alert.canAssign && managers?.length ? (
        <form action={assign} className="inline-form">
          <input type="hidden" name="id" value={alert.id} />
          <Field
            as="select"
            id="alert-assignee"
            name="assigneeId"
            label={t('workflow.assign')}
            defaultValue={alert.assignee?.id ?? managers[0]?.id}
          >
            {managers.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </Field>
          <button className="btn secondary" type="submit" disabled={pending} data-testid="alert-assign">
            {t('workflow.assignButton')}
          </button>
        </form>
      ) : null}

      {!canClaim && !steps.length && !canRelease ? <p className="muted">{t('workflow.none')}</p> : null}
      <FormStatus state={last} pending={pending} testId="alert-workflow-status" />

      <h3>{t('workflow.history')}</h3>
      <ol className="small" data-testid="alert-events">
        {alert.events.map((e) => (
          <li key={e.id}>
            {formatDateTime(e.at, locale)} · {e.actor?.name ?? t('workflow.system')} ·{' '}
            {t(`kind.${e.kind as 'claim'}`)}{' '}
            {e.fromStatus
              ? t('workflow.from', {
                  from: t(`status.${e.fromStatus}`),
                  to: t(`status.${e.toStatus}`),
                })
              : t(`status.${e.toStatus}`)}
            {e.viaApiKey ? ` · ${t('workflow.viaApiKey')}` : ''}
            {e.demo ? ` · ${t('workflow.demo')}` : ''}
            {e.note ? <div className="muted">{e.note}</div> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
