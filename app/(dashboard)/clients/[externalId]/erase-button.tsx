'use client';
// The admin's "Apagar dados pessoais" button on the client page: a modal dialog (native <dialog>: focus moves
// into it, Esc closes it, Tab stays inside) that explains what goes and what stays, asks for the reason or
// ticket number, and runs the audited eraseClient action. On success the page re-renders with the notice.
import { useActionState, useEffect, useId, useRef, useState } from 'react';
import { useTranslations } from 'next-intl';
import { eraseClient } from '@/lib/actions/erase-client';
import { initialActionState } from '@/lib/actions/action-state';

export function EraseButton({ externalId }: { externalId: string }) {
  const t = useTranslations('privacy.erasure');
  const [state, formAction, pending] = useActionState(eraseClient, initialActionState);
  // Controlled, so a refused attempt (a reason naming the client) keeps what the admin typed.
  const [reason, setReason] = useState('');
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const reasonError = state.fieldErrors?.reason?.[0];

  useEffect(() => {
    if (state.ok) dialog.current?.close();
  }, [state]);

  return (
    <div>
      <button
        type="button"
        className="btn small danger"
        onClick={() => dialog.current?.showModal()}
        aria-haspopup="dialog"
      >
        {t('button')}
      </button>
      <p className="status ok" aria-live="polite" role="status">
        {state.ok ? state.message : ''}
      </p>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-explain`}
        style={{ border: '1px solid var(--line)', borderRadius: 'var(--radius)', maxWidth: 520 }}
      >
        <form action={formAction} noValidate>
          <h2 id={`${id}-title`} style={{ marginTop: 0 }}>
            {t('title', { externalId })}
          </h2>
          <p id={`${id}-explain`}>{t('explain')}</p>
          <input type="hidden" name="externalId" value={externalId} />
          <div className="field">
            <label htmlFor={`${id}-reason`}>{t('reason')}</label>
            <input
              id={`${id}-reason`}
              name="reason"
              required
              maxLength={500}
              autoFocus
              autoComplete="off"
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              aria-invalid={reasonError ? true : undefined}
              aria-describedby={`${id}-hint ${id}-reason-error`}
            />
            <span id={`${id}-hint`} style={{ fontSize: '0.85rem', color: 'var(--muted)' }}>
              {t('reasonHint')}
            </span>
            {reasonError ? (
              <span className="field-error" id={`${id}-reason-error`}>
                {reasonError}
              </span>
            ) : null}
          </div>
          <p className="status error" aria-live="polite" role="status">
            {state.ok ? '' : state.message}
          </p>
          <div style={{ display: 'flex', gap: '0.5rem', justifyContent: 'flex-end' }}>
            <button type="button" className="btn secondary" onClick={() => dialog.current?.close()}>
              {t('cancel')}
            </button>
            <button type="submit" className="btn danger" disabled={pending}>
              {pending ? t('working') : t('confirm')}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
