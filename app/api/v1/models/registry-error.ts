// Shared by the /api/v1/models handlers: a registry refusal as the JSON error (translated in the request's
// locale; the registry's short reason code travels in details.reason), and the answer to a champion change.
import 'server-only';
import { apiError, type ApiErrorCode } from '@/lib/api/respond';
import { DEFAULT_LOCALE } from '@/lib/i18n/locales';
import { localeOfRequest } from '@/lib/i18n/server';
import { translateKey } from '@/lib/i18n/translate';
import { RegistryError, type promoteToChampion } from '@/lib/models/registry';
import { modelJson } from '@/lib/data/models';

const CODE: Record<RegistryError['status'], ApiErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/**
 * The error response for a RegistryError, or null for anything else (left to handler()'s 500). handler() maps
 * a RegistryError too (it is an AppError); this answer adds the reason code and the structured details
 * (feature lists, the existing version) that API clients read. Without the request it answers in pt-BR.
 */
export function registryErrorResponse(e: unknown, request?: Request): Response | null {
  if (!(e instanceof RegistryError)) return null;
  const locale = request ? localeOfRequest(request) : DEFAULT_LOCALE;
  return apiError(e.status, CODE[e.status], translateKey(locale, `errors.${e.code}`, e.params), {
    reason: e.reason,
    ...e.params,
    ...(e.details ?? {}),
  });
}

/** The answer to promote and rollback: the new champion and the version it retired. */
export function championChangeJson({ champion, retired }: Awaited<ReturnType<typeof promoteToChampion>>) {
  return {
    champion: modelJson(champion),
    retired: retired ? { id: retired.id, name: retired.name, version: retired.version } : null,
  };
}
