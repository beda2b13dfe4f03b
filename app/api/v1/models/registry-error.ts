// Maps a registry refusal to the /api/v1 JSON error: the registry's reason code travels in details.reason.
import 'server-only';
import { apiError, type ApiErrorCode } from '@/lib/api/respond';
import { RegistryError } from '@/lib/models/registry';

const CODE: Record<number, ApiErrorCode> = {
  400: 'INVALID_INPUT',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  422: 'UNPROCESSABLE',
};

/** The error response for a RegistryError, or null for anything else (left to handler()'s 500). */
export function registryErrorResponse(e: unknown): Response | null {
  if (!(e instanceof RegistryError)) return null;
  return apiError(e.status, CODE[e.status]!, e.message, { reason: e.code, ...(e.details ?? {}) });
}
