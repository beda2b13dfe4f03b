'use client';
// A modal confirmation (native <dialog>) for irreversible lifecycle steps: the question, Cancel and Confirm.
// The caller opens it with dialogRef.current.showModal() and passes its own translated labels.
import type { RefObject } from 'react';

export function ConfirmDialog({
  dialogRef,
  id,
  text,
  onConfirm,
  cancelLabel,
  confirmLabel,
}: {
  dialogRef: RefObject<HTMLDialogElement | null>;
  id: string;
  text: string;
  onConfirm: () => void;
  cancelLabel: string;
  confirmLabel: string;
}) {
  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={id}
      style={{ border: '1px solid var(--line)', borderRadius: 'var(--radius)', maxWidth: 480 }}
    >
      <p id={id}>{text}</p>
      <div style={{ display: 'flex', gap: '0.5rem', justifyContent: 'flex-end' }}>
        <button type="button" className="btn secondary" onClick={() => dialogRef.current?.close()}>
          {cancelLabel}
        </button>
        <button
          type="button"
          className="btn"
          onClick={() => {
            dialogRef.current?.close();
            onConfirm();
          }}
        >
          {confirmLabel}
        </button>
      </div>
    </dialog>
  );
}
