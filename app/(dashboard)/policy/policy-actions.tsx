'use client';
// The lifecycle buttons of one policy version, for those allowed: approve (admins other than the proposer) and
// activate, each confirmed in a dialog, and reject with a reason. Each calls its audited server action and
// shows the translated outcome in a status line. Messages: policy (policy.action.*).
import { useActionState, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { approvePolicy } from '@/lib/actions/approve-policy';
import { activatePolicy } from '@/lib/actions/activate-policy';
import { rejectPolicy } from '@/lib/actions/reject-policy';
import { initialActionState, type ActionState } from '@/lib/actions/action-state';
import { Field } from '@/components/ui/field';
import { FormStatus } from '@/components/ui/form-status';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

type VersionAction = (prev: null, input: { version: number }) => Promise<ActionState<unknown>>;

function RejectForm({ version, onDone }: { version: number; onDone: () => void }) {
  const t = useTranslations('policy');
  const router = useRouter();
  const [state, submit, pending] = useActionState(async (prev: ActionState<undefined>, form: FormData) => {
    const s = await rejectPolicy(prev, form);
    if (s.ok) {
      onDone();
      router.refresh();
    }
    return s;
  }, initialActionState);
  return (
    <form action={submit} noValidate data-testid={`reject-form-${version}`} style={{ marginTop: '0.5rem' }}>
      <input type="hidden" name="version" value={version} />
      <Field
        as="textarea"
        id={`reject-note-${version}`}
        name="note"
        label={t('action.rejectNote')}
        hint={t('action.rejectNoteHint')}
        errors={state.fieldErrors?.note}
        rows={3}
        maxLength={2000}
        required
      />
      <button type="submit" className="btn small danger" disabled={pending}>
        {pending ? t('action.working') : t('action.rejectSubmit')}
      </button>
      <FormStatus state={state} pending={pending} />
    </form>
  );
}

export function PolicyActions({
  version,
  status,
  canApprove,
  canActivate,
  isProposer,
  activeVersion,
}: {
  version: number;
  status: 'PROPOSED' | 'APPROVED';
  /** policy:approve, which also allows rejecting. */
  canApprove: boolean;
  canActivate: boolean;
  /** The signed-in user proposed this version (four-eyes: they may not approve it). */
  isProposer: boolean;
  /** The version an activation would retire. */
  activeVersion: number | null;
}) {
  const t = useTranslations('policy');
  const router = useRouter();
  const [pending, start] = useTransition();
  const [state, setState] = useState<ActionState | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const approveDialog = useRef<HTMLDialogElement>(null);
  const activateDialog = useRef<HTMLDialogElement>(null);
  const run = (act: VersionAction) =>
    start(async () => {
      const s = await act(null, { version });
      setState(s);
      if (s.ok) router.refresh();
    });
  const showApprove = status === 'PROPOSED' && canApprove && !isProposer;
  const showActivate = status === 'APPROVED' && canActivate;
  if (!showApprove && !showActivate && !canApprove) return null;
  return (
    <div data-testid={`policy-actions-${version}`}>
      <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', alignItems: 'center' }}>
        {showApprove ? (
          <button
            type="button"
            className="btn small"
            disabled={pending}
            onClick={() => approveDialog.current?.showModal()}
          >
            {t('action.approve')}
          </button>
        ) : null}
        {showActivate ? (
          <button
            type="button"
            className="btn small"
            disabled={pending}
            onClick={() => activateDialog.current?.showModal()}
          >
            {t('action.activate')}
          </button>
        ) : null}
        {canApprove ? (
          <button
            type="button"
            className="btn small secondary"
            disabled={pending}
            aria-expanded={rejecting}
            onClick={() => setRejecting((r) => !r)}
          >
            {t('action.reject')}
          </button>
        ) : null}
        {pending ? <span aria-live="polite">{t('action.working')}</span> : null}
      </div>
      {status === 'PROPOSED' && canApprove && isProposer ? (
        <small className="muted">{t('action.selfProposed')}</small>
      ) : null}
      {rejecting ? <RejectForm version={version} onDone={() => setRejecting(false)} /> : null}
      <ConfirmDialog
        cancelLabel={t('action.cancel')}
        confirmLabel={t('action.confirm')}
        dialogRef={approveDialog}
        id={`confirm-approve-${version}`}
        text={t('action.confirmApprove', { version })}
        onConfirm={() => run(approvePolicy)}
      />
      <ConfirmDialog
        cancelLabel={t('action.cancel')}
        confirmLabel={t('action.confirm')}
        dialogRef={activateDialog}
        id={`confirm-activate-${version}`}
        text={
          activeVersion === null
            ? t('action.confirmActivateFirst', { version })
            : t('action.confirmActivate', { version, current: activeVersion })
        }
        onConfirm={() => run(activatePolicy)}
      />
      <FormStatus state={state} pending={pending} />
    </div>
  );
}
