// The API-key format, pure so the command line and the server share it: `pk_<prefix>_<secret>`, where the
// prefix (stored in clear, unique) finds the row and only SHA-256(secret) is stored.
import crypto from 'node:crypto';

const TOKEN_RE = /^pk_([A-Za-z0-9]{8,32})_([A-Za-z0-9_-]{16,128})$/;

export function hashApiSecret(secret: string): string {
  return crypto.createHash('sha256').update(secret).digest('hex');
}

/**
 * The prefix and secret of an `Authorization: Bearer pk_…` header; null when there is no header, 'invalid'
 * when there is one that is not a well-formed key. The scheme is case-insensitive (RFC 9110 section 11.1).
 */
export function parseBearerKey(header: string | null): { prefix: string; secret: string } | null | 'invalid' {
  if (!header) return null;
  const token = /^bearer\s+(\S+)$/i.exec(header.trim())?.[1] ?? '';
  const m = TOKEN_RE.exec(token);
  if (!m) return 'invalid';
  return { prefix: m[1]!, secret: m[2]! };
}

export interface NewApiKey {
  prefix: string;
  secretHash: string;
  /** The whole key, shown once to whoever creates it and never stored. */
  token: string;
}

export function generateApiKey(): NewApiKey {
  const prefix = crypto.randomBytes(6).toString('hex');
  const secret = crypto.randomBytes(24).toString('base64url');
  return { prefix, secretHash: hashApiSecret(secret), token: `pk_${prefix}_${secret}` };
}
