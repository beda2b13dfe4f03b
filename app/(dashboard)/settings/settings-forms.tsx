'use client';
// The Configurações forms: create a user, change a user's role or access, create API keys (role, scopes, rate
// limit) and revoke them. Each calls its audited server action and shows the translated outcome in a status
// line; field errors sit next to their field. Messages: settings, role, common, forms.
import { useActionState, useState, useTransition } from 'react';
import { useTranslations } from 'next-intl';
import { createUser } from '@/lib/actions/create-user';
import { updateUser } from '@/lib/actions/update-user';
import { createApiKey } from '@/lib/actions/create-api-key';
import { revokeApiKey } from '@/lib/actions/revoke-api-key';
import { initialActionState, type ActionState } from '@/lib/actions/action-state';
import { ROLES, type Role } from '@/lib/auth/roles';
import {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_SCOPES,
  MAX_RATE_LIMIT_PER_MINUTE,
  SCOPES,
  type Scope,
} from '@/lib/auth/scopes';
import { Field, FieldErrors, type FieldProps } from '@/components/ui/field';
import { FieldList } from '@/components/ui/field-list';
import { FormStatus } from '@/components/ui/form-status';

function RoleOptions() {
  const tr = useTranslations('role');
  return ROLES.map((r) => (
    <option key={r} value={r}>
      {tr(r)}
    </option>
  ));
}

/** The role select a new user and a new key both start from. */
const roleField = (id: string, label: string, defaultValue: Role): FieldProps => ({
  as: 'select',
  id,
  name: 'role',
  label,
  defaultValue,
  children: <RoleOptions />,
});

export function CreateUserForm() {
  const t = useTranslations('settings');
  const tc = useTranslations('common');
  const [state, action, pending] = useActionState(createUser, initialActionState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="inline-form" noValidate>
      <FieldList
        errors={errors}
        shared={{ required: true }}
        fields={[
          { id: 'new-user-name', name: 'name', label: t('user.name') },
          { id: 'new-user-email', name: 'email', type: 'email', autoComplete: 'off', label: t('user.email') },
          roleField('new-user-role', t('user.role'), 'MANAGER'),
          {
            id: 'new-user-password',
            name: 'password',
            type: 'password',
            autoComplete: 'new-password',
            label: t('user.password'),
          },
        ]}
      />
      <button className="btn" type="submit" disabled={pending}>
        {pending ? tc('saving') : t('user.create')}
      </button>
      <div style={{ flexBasis: '100%' }}>
        <FormStatus state={state} pending={pending} />
      </div>
    </form>
  );
}

/** A user's role, in the Perfil column: saved as soon as another one is picked. */
export function UserRoleSelect({
  id,
  role,
  self,
}: {
  id: string;
  role: Role;
  /** The signed-in admin's own row: they may not demote themselves. */
  self: boolean;
}) {
  const t = useTranslations('settings');
  const [pending, start] = useTransition();
  const [state, setState] = useState<ActionState | null>(null);
  return (
    <div style={{ display: 'flex', gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
      <select
        aria-label={t('user.role')}
        defaultValue={role}
        disabled={pending || self}
        onChange={(e) => {
          const next = e.target.value;
          start(async () => setState(await updateUser(null, { id, role: next as Role })));
        }}
      >
        <RoleOptions />
      </select>
      {state ? <FormStatus state={state} pending={pending} /> : null}
    </div>
  );
}

/** Disables or re-enables a user, in the Ativo column beside the current value (which the page shows). */
export function UserActiveToggle({
  id,
  active,
  self,
}: {
  id: string;
  active: boolean;
  /** The signed-in admin's own row: they may not disable themselves. */
  self: boolean;
}) {
  const t = useTranslations('settings');
  const [pending, start] = useTransition();
  const [state, setState] = useState<ActionState | null>(null);
  if (self) return null;
  return (
    <>
      <button
        type="button"
        className={`btn small ${active ? 'danger' : 'secondary'}`}
        disabled={pending}
        onClick={() => start(async () => setState(await updateUser(null, { id, active: !active })))}
      >
        {active ? t('user.disable') : t('user.enable')}
      </button>
      {state ? <FormStatus state={state} pending={pending} /> : null}
    </>
  );
}

/** The key's scopes: one checkbox each, sent as one comma-separated `scopes` field (FormData keeps one value). */
function ScopeChoices({ errors }: { errors?: readonly string[] }) {
  const t = useTranslations('settings');
  const [chosen, setChosen] = useState<readonly Scope[]>(DEFAULT_SCOPES);
  return (
    <fieldset className="field" aria-describedby={errors?.length ? 'new-key-scopes-error' : undefined}>
      <legend>{t('apiKey.scopes')}</legend>
      <input type="hidden" name="scopes" value={chosen.join(',')} />
      {SCOPES.map((s) => (
        <Field
          key={s}
          id={`new-key-scope-${s}`}
          name={`scope-${s}`}
          type="checkbox"
          label={t(`apiKey.scope.${s}`)}
          checked={chosen.includes(s)}
          onChange={(e) => {
            const on = e.currentTarget.checked;
            setChosen((c) => SCOPES.filter((x) => (x === s ? on : c.includes(x))));
          }}
        />
      ))}
      <FieldErrors id="new-key-scopes" errors={errors} />
    </fieldset>
  );
}

export function CreateApiKeyForm() {
  const t = useTranslations('settings');
  const tc = useTranslations('common');
  const [state, action, pending] = useActionState(createApiKey, initialActionState);
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} className="inline-form" style={{ marginTop: '1rem' }} noValidate>
      <FieldList
        errors={errors}
        fields={[
          { id: 'new-key-name', name: 'name', label: t('apiKey.name'), required: true },
          roleField('new-key-role', t('user.role'), 'DATA_SCIENTIST'),
        ]}
      />
      <ScopeChoices errors={errors.scopes} />
      <Field
        id="new-key-rate-limit"
        name="rateLimitPerMinute"
        type="number"
        inputMode="numeric"
        min={1}
        max={MAX_RATE_LIMIT_PER_MINUTE}
        step={1}
        label={t('apiKey.rateLimit')}
        hint={t('apiKey.rateLimitHint')}
        errors={errors.rateLimitPerMinute}
        defaultValue={DEFAULT_RATE_LIMIT_PER_MINUTE}
      />
      <button className="btn" type="submit" disabled={pending}>
        {pending ? tc('saving') : t('apiKey.create')}
      </button>
      <div style={{ flexBasis: '100%' }}>
        <FormStatus state={state} pending={pending} />
        {state.ok && state.data?.secret ? (
          <div>
            <p>{t('apiKey.shownOnce')}</p>
            <p className="secret" data-testid="api-key-secret">
              {state.data.secret}
            </p>
          </div>
        ) : null}
      </div>
    </form>
  );
}

export function RevokeKeyButton({ id }: { id: string }) {
  const t = useTranslations('settings');
  const [pending, start] = useTransition();
  const [state, setState] = useState<ActionState | null>(null);
  return (
    <>
      <button
        type="button"
        className="btn small danger"
        disabled={pending}
        onClick={() => start(async () => setState(await revokeApiKey(null, { id })))}
      >
        {t('apiKey.revoke')}
      </button>
      {/* On success the row re-renders as revoked; only a refusal needs words. */}
      {state && !state.ok ? <FormStatus state={state} /> : null}
    </>
  );
}
