'use client';

import { useActionState, useState, useTransition } from 'react';
import { createUser } from '@/lib/actions/create-user';
import { updateUser } from '@/lib/actions/update-user';
import { createApiKey } from '@/lib/actions/create-api-key';
import { revokeApiKey } from '@/lib/actions/revoke-api-key';
import { initialFormState, type FormState } from '@/lib/validations/users';
import { ROLES, type Role } from '@/lib/auth/roles';

type RoleLabels = Record<Role, string>;

function FieldError({ state, name }: { state: FormState; name: string }) {
  const e = state.fieldErrors?.[name]?.[0];
  return e ? (
    <span className="field-error" id={`${name}-error`}>
      {e}
    </span>
  ) : null;
}

function Status({ state }: { state: FormState }) {
  return (
    <p className={`status ${state.ok ? 'ok' : 'error'}`} aria-live="polite" role="status">
      {state.message}
    </p>
  );
}

export function CreateUserForm({
  roleLabels,
  labels,
}: {
  roleLabels: RoleLabels;
  labels: { name: string; email: string; role: string; password: string; submit: string; saving: string };
}) {
  const [state, action, pending] = useActionState(createUser, initialFormState);
  const invalid = (n: string) => (state.fieldErrors?.[n] ? true : undefined);
  return (
    <form action={action} className="inline-form" noValidate>
      <div className="field">
        <label htmlFor="new-name">{labels.name}</label>
        <input
          id="new-name"
          name="name"
          required
          aria-invalid={invalid('name')}
          aria-describedby="name-error"
        />
        <FieldError state={state} name="name" />
      </div>
      <div className="field">
        <label htmlFor="new-email">{labels.email}</label>
        <input
          id="new-email"
          name="email"
          type="email"
          required
          aria-invalid={invalid('email')}
          aria-describedby="email-error"
        />
        <FieldError state={state} name="email" />
      </div>
      <div className="field">
        <label htmlFor="new-role">{labels.role}</label>
        <select id="new-role" name="role" defaultValue="MANAGER">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabels[r]}
            </option>
          ))}
        </select>
        <FieldError state={state} name="role" />
      </div>
      <div className="field">
        <label htmlFor="new-password">{labels.password}</label>
        <input
          id="new-password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          aria-invalid={invalid('password')}
          aria-describedby="password-error"
        />
        <FieldError state={state} name="password" />
      </div>
      <button className="btn" type="submit" disabled={pending}>
        {pending ? labels.saving : labels.submit}
      </button>
      <div style={{ flexBasis: '100%' }}>
        <Status state={state} />
      </div>
    </form>
  );
}

export function UserRowControls({
  id,
  role,
  active,
  self,
  roleLabels,
  labels,
}: {
  id: string;
  role: Role;
  active: boolean;
  self: boolean;
  roleLabels: RoleLabels;
  labels: { disable: string; enable: string; role: string };
}) {
  const [pending, start] = useTransition();
  const [state, setState] = useState<FormState>(initialFormState);
  return (
    <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
      <select
        aria-label={labels.role}
        defaultValue={role}
        disabled={pending || self}
        onChange={(e) => start(async () => setState(await updateUser({ id, role: e.target.value })))}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {roleLabels[r]}
          </option>
        ))}
      </select>
      {self ? null : (
        <button
          type="button"
          className={`btn small ${active ? 'danger' : 'secondary'}`}
          disabled={pending}
          onClick={() => start(async () => setState(await updateUser({ id, active: !active })))}
        >
          {active ? labels.disable : labels.enable}
        </button>
      )}
      {!active ? <span className="badge off">off</span> : null}
      {state.message ? <Status state={state} /> : null}
    </div>
  );
}

export function CreateApiKeyForm({
  roleLabels,
  labels,
}: {
  roleLabels: RoleLabels;
  labels: { name: string; role: string; submit: string; saving: string; shownOnce: string };
}) {
  const [state, action, pending] = useActionState(createApiKey, initialFormState);
  return (
    <form action={action} className="inline-form" style={{ marginTop: '1rem' }} noValidate>
      <div className="field">
        <label htmlFor="key-name">{labels.name}</label>
        <input
          id="key-name"
          name="name"
          required
          aria-invalid={state.fieldErrors?.name ? true : undefined}
          aria-describedby="name-error"
        />
        <FieldError state={state} name="name" />
      </div>
      <div className="field">
        <label htmlFor="key-role">{labels.role}</label>
        <select id="key-role" name="role" defaultValue="DATA_SCIENTIST">
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {roleLabels[r]}
            </option>
          ))}
        </select>
      </div>
      <button className="btn" type="submit" disabled={pending}>
        {pending ? labels.saving : labels.submit}
      </button>
      <div style={{ flexBasis: '100%' }}>
        <Status state={state} />
        {state.secret ? (
          <div>
            <p>{labels.shownOnce}</p>
            <p className="secret" data-testid="api-key-secret">
              {state.secret}
            </p>
          </div>
        ) : null}
      </div>
    </form>
  );
}

export function RevokeKeyButton({ id, label }: { id: string; label: string }) {
  const [pending, start] = useTransition();
  return (
    <button
      type="button"
      className="btn small danger"
      disabled={pending}
      onClick={() => start(async () => void (await revokeApiKey({ id })))}
    >
      {label}
    </button>
  );
}
