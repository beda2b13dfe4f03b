'use client';
// Lifecycle buttons of a model version (promote with a confirmation dialog, challenger, retire) and the
// registry-wide roll back. Each calls its audited server action and shows the outcome in a status line.
// Messages: models (models.action.*).
import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { promoteModel } from '@/lib/actions/promote-model';
import { setChallengerModel } from '@/lib/actions/set-challenger-model';
import { retireModel } from '@/lib/actions/retire-model';
import { rollbackModel } from '@/lib/actions/rollback-model';
import type { ActionState } from '@/lib/actions/action-state';
import { FormStatus } from '@/components/ui/form-status';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

type IdAction = (prev: null, input: { id: string }) => Promise<ActionState<unknown>>;

export function ModelActions({
  id,
  status,
  model,
  champion,
}: {
  id: string;
  status: 'CANDIDATE' | 'CHALLENGER' | 'CHAMPION' | 'RETIRED';
  /** This version as people name it ("proativa-lgbm v3"), for the confirmation. */
  model: string;
  /** The current champion's name, when there is one (it is retired by the promotion). */
  champion?: string | null;
}) {
  const t = useTranslations('models');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [state, setState] = useState<ActionState | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const run = (act: IdAction) =>
    start(async () => {
      const s = await act(null, { id });
      setState(s);
      if (s.ok) router.refresh();
    });
  if (status === 'CHAMPION') return state ? <FormStatus state={state} /> : null;
  return (
    <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', alignItems: 'center' }}>
      <button
        type="button"
        className="btn small"
        disabled={pending}
        onClick={() => dialog.current?.showModal()}
      >
        {t('action.promote')}
      </button>
      {status !== 'CHALLENGER' ? (
        <button
          type="button"
          className="btn small secondary"
          disabled={pending}
          onClick={() => run(setChallengerModel)}
        >
          {t('action.challenger')}
        </button>
      ) : null}
      {status !== 'RETIRED' ? (
        <button
          type="button"
          className="btn small secondary"
          disabled={pending}
          onClick={() => run(retireModel)}
        >
          {t('action.retire')}
        </button>
      ) : null}
      {pending ? <span aria-live="polite">{t('action.working')}</span> : null}
      <ConfirmDialog
        cancelLabel={t('action.cancel')}
        confirmLabel={t('action.confirm')}
        dialogRef={dialog}
        id={`confirm-promote-${id}`}
        text={t('action.confirmPromote', { model, current: champion ?? '—' })}
        onConfirm={() => run(promoteModel)}
      />
      <FormStatus state={state} pending={pending} />
    </div>
  );
}

export function RollbackButton() {
  const t = useTranslations('models');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [state, setState] = useState<ActionState | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
      <button
        type="button"
        className="btn small danger"
        disabled={pending}
        onClick={() => dialog.current?.showModal()}
      >
        {pending ? t('action.working') : t('action.rollback')}
      </button>
      <ConfirmDialog
        cancelLabel={t('action.cancel')}
        confirmLabel={t('action.confirm')}
        dialogRef={dialog}
        id="confirm-rollback"
        text={t('action.confirmRollback')}
        onConfirm={() =>
          start(async () => {
            const s = await rollbackModel(null, {});
            setState(s);
            if (s.ok) router.refresh();
          })
        }
      />
      <FormStatus state={state} pending={pending} />
    </div>
  );
}
