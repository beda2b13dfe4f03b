// Shared by the /api/v1/models handlers: a registry refusal as the JSON error (the registry's reason code travels
// in details.reason), and the answer to a champion change (promotion or rollback).
import 'server-only';
import { apiError, type ApiErrorCode } from '@/lib/api/respond';
import { RegistryError, type promoteToChampion } from '@/lib/models/registry';
import { modelJson } from '@/lib/data/models';

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

/** The answer to promote and rollback: the new champion and the version it retired. */
export function championChangeJson({ champion, retired }: Awaited<ReturnType<typeof promoteToChampion>>) {
  return {
    champion: modelJson(champion),
    retired: retired ? { id: retired.id, name: retired.name, version: retired.version } : null,
  };
}
