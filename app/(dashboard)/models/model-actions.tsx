'use client';
// Lifecycle buttons of a model version (promote with a confirmation dialog, challenger, retire) and the
// registry-wide roll back. Each calls its audited server action and shows the outcome in a status line.
import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { promoteModel } from '@/lib/actions/promote-model';
import { setChallengerModel } from '@/lib/actions/set-challenger-model';
import { retireModel } from '@/lib/actions/retire-model';
import { rollbackModel } from '@/lib/actions/rollback-model';
import type { ModelActionState } from '@/lib/validations/models';

export interface ActionLabels {
  promote: string;
  challenger: string;
  retire: string;
  confirmPromote: string;
  confirm: string;
  cancel: string;
  working: string;
}

function Status({ state }: { state: ModelActionState | null }) {
  return (
    <p className={`status ${state?.ok ? 'ok' : 'error'}`} aria-live="polite" role="status">
      {state?.message ?? ''}
    </p>
  );
}

function ConfirmDialog({
  dialogRef,
  text,
  labels,
  onConfirm,
}: {
  dialogRef: React.RefObject<HTMLDialogElement | null>;
  text: string;
  labels: { confirm: string; cancel: string };
  onConfirm: () => void;
}) {
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby="confirm-text"
      style={{ border: '1px solid var(--line)', borderRadius: 'var(--radius)', maxWidth: 480 }}
    >
      <p id="confirm-text">{text}</p>
      <div style={{ display: 'flex', gap: '0.5rem', justifyContent: 'flex-end' }}>
        <button type="button" className="btn secondary" onClick={() => dialogRef.current?.close()}>
          {labels.cancel}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            dialogRef.current?.close();
            onConfirm();
          }}
        >
          {labels.confirm}
        </button>
      </div>
    </dialog>
  );
}

export function ModelActions({
  id,
  status,
  labels,
}: {
  id: string;
  status: 'CANDIDATE' | 'CHALLENGER' | 'CHAMPION' | 'RETIRED';
  labels: ActionLabels;
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [state, setState] = useState<ModelActionState | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const run = (action: (input: { id: string }) => Promise<ModelActionState>) =>
    start(async () => {
      const s = await action({ id });
      setState(s);
      if (s.ok) router.refresh();
    });
  if (status === 'CHAMPION') return state ? <Status state={state} /> : null;
  return (
    <div style={{ display: 'flex', gap: '0.5rem', flexWrap: 'wrap', alignItems: 'center' }}>
      <button
        type="button"
        className="btn small"
        disabled={pending}
        onClick={() => dialog.current?.showModal()}
      >
        {labels.promote}
      </button>
      {status !== 'CHALLENGER' ? (
        <button
          type="button"
          className="btn small secondary"
          disabled={pending}
          onClick={() => run(setChallengerModel)}
        >
          {labels.challenger}
        </button>
      ) : null}
      {status !== 'RETIRED' ? (
        <button
          type="button"
          className="btn small secondary"
          disabled={pending}
          onClick={() => run(retireModel)}
        >
          {labels.retire}
        </button>
      ) : null}
      {pending ? <span aria-live="polite">{labels.working}</span> : null}
      <ConfirmDialog
        dialogRef={dialog}
        text={labels.confirmPromote}
        labels={labels}
        onConfirm={() => run(promoteModel)}
      />
      <Status state={state} />
    </div>
  );
}

export function RollbackButton({
  labels,
}: {
  labels: { rollback: string; confirmRollback: string; confirm: string; cancel: string; working: string };
}) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [state, setState] = useState<ModelActionState | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
      <button
        type="button"
        className="btn small danger"
        disabled={pending}
        onClick={() => dialog.current?.showModal()}
      >
        {pending ? labels.working : labels.rollback}
      </button>
      <ConfirmDialog
        dialogRef={dialog}
        text={labels.confirmRollback}
        labels={labels}
        onConfirm={() =>
          start(async () => {
            const s = await rollbackModel();
            setState(s);
            if (s.ok) router.refresh();
          })
        }
      />
      <Status state={state} />
    </div>
  );
}
