// Input schemas for user and API-key administration, shared by the settings forms, actions and API.
import { z } from 'zod';
import { ROLES } from '@/lib/auth/roles';

export const createUserSchema = z.object({
  name: z.string().trim().min(2, 'Name must have at least 2 characters').max(120),
  email: z.string().trim().toLowerCase().email('Enter a valid e-mail address'),
  role: z.enum(ROLES, { error: 'Choose a role' }),
  password: z.string().min(10, 'Password must have at least 10 characters').max(200),
});

export const updateUserSchema = z.object({
  id: z.string().uuid('Unknown user'),
  role: z.enum(ROLES).optional(),
  active: z.boolean().optional(),
});

export const createApiKeySchema = z.object({
  name: z.string().trim().min(2, 'Name must have at least 2 characters').max(80),
  role: z.enum(ROLES, { error: 'Choose a role' }),
});

export const revokeApiKeySchema = z.object({ id: z.string().uuid('Unknown API key') });

export type FormState = {
  ok: boolean;
  message: string;
  fieldErrors?: Record<string, string[] | undefined>;
  /** One-time values to show (e.g. a new API key). */
  secret?: string;
};

export const initialFormState: FormState = { ok: false, message: '' };
