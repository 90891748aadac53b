/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its wasm and data files by URL; bundling rewrites them and breaks it at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  // CSV imports send up to 50,000 rows in one server action.
  experimental: { serverActions: { bodySizeLimit: "8mb" } },
  allowedDevOrigins: ["127.0.0.1"],
};

export default nextConfig;
