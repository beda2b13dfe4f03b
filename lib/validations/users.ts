// Input schemas for user and API-key administration, shared by the settings forms, actions and API.
// Messages are keys of the `validation` namespace, translated where the error is answered.
import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';
import {
  DEFAULT_RATE_LIMIT_PER_MINUTE,
  DEFAULT_SCOPES,
  MAX_RATE_LIMIT_PER_MINUTE,
  normalizeScopes,
  SCOPES,
} from '@/lib/auth/scopes';
import { LOCALES } from '@/lib/i18n/locales';
import { idInput, text } from '@/lib/validations/common';

const role = z.enum(ROLES, { error: 'invalidOption' });

export const createUserSchema = z.object({
  name: text(120).trim().min(2),
  email: z.string().trim().toLowerCase().max(254).email({ error: 'invalidEmail' }),
  role,
  password: z.string().min(10).max(200),
});

export const updateUserSchema = idInput.extend({
  role: role.optional(),
  active: z.boolean().optional(),
});

/** Scopes as a list, or as the comma-separated text a form field or the command line sends. */
const scopes = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : v,
  z
    .array(z.enum(SCOPES, { error: 'apiKey.scope' }), { error: 'apiKey.scopesRequired' })
    .min(1, { error: 'apiKey.scopesRequired' })
    .transform(normalizeScopes),
);

export const createApiKeySchema = z.object({
  name: text(80).trim().min(2),
  role,
  scopes: scopes.default([...DEFAULT_SCOPES]),
  rateLimitPerMinute: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : v === '' ? undefined : v),
    z
      .number({ error: 'apiKey.rateLimit' })
      .int({ error: 'apiKey.rateLimit' })
      .min(1, { error: 'apiKey.rateLimit' })
      .max(MAX_RATE_LIMIT_PER_MINUTE, { error: 'apiKey.rateLimit' })
      .default(DEFAULT_RATE_LIMIT_PER_MINUTE),
  ),
});

export const revokeApiKeySchema = idInput;

export const setLocaleSchema = z.object({ locale: z.enum(LOCALES, { error: 'invalidOption' }) });

// --- Answers of /api/v1/me and /api/v1/users, for the OpenAPI description.

export const meResponseSchema = z.object({
  id: z.string().uuid().describe("The user's or the API key's id."),
  kind: z.enum(['user', 'apiKey']),
  name: z.string(),
  email: z.string().nullable().describe('null for an API key.'),
  role: role,
});
export type MeResponse = z.infer<typeof meResponseSchema>;

const userSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  email: z.string(),
  role: role,
  active: z.boolean(),
});

export const userListResponseSchema = z.object({
  users: z.array(userSchema.extend({ lastLoginAt: z.string().datetime().nullable() })),
});
export const createUserResponseSchema = z.object({ user: userSchema });
