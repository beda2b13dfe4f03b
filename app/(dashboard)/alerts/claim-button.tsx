'use client';
// The queue row's claim button: claims through the server action and says who holds the alert on a lost race.
import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { claimAlert } from '@/lib/actions/claim-alert';
import { initialActionState } from '@/lib/actions/action-state';

export function ClaimButton({ id }: { id: string }) {
  const t = useTranslations('alerts');
  const [state, action, pending] = useActionState(claimAlert, initialActionState);
  return (
    <form action={action} className="nowrap">
      <input type="hidden" name="id" value={id} />
      <button className="btn small" type="submit" disabled={pending} data-testid="queue-claim">
        {pending ? t('queue.claiming') : t('queue.claim')}
      </button>
      {state.message ? (
        <span
          role="status"
          aria-live="polite"
          className={`small ${state.ok ? '' : 'field-error'}`}
          data-testid="queue-claim-status"
        >
          {' '}
          {state.message}
        </span>
      ) : null}
    </form>
  );
}
