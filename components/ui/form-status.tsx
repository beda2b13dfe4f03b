// A form's status line: the outcome of the last submit (an action's translated message), announced politely
// by screen readers. It is always rendered, even empty, so the live region exists before the first message.

export interface StatusLike {
  ok: boolean;
  message: string;
}

export function FormStatus({
  state,
  pending = false,
  testId,
}: {
  state: StatusLike | null | undefined;
  /** While submitting the old outcome is hidden, so it is not mistaken for the new one. */
  pending?: boolean;
  testId?: string;
}) {
  const message = pending ? '' : (state?.message ?? '');
  return (
    <p
      className={`status ${state && !state.ok ? 'error' : 'ok'}`}
      role="status"
      aria-live="polite"
      data-testid={testId}
    >
      {message}
    </p>
  );
}
