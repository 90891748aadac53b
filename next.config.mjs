/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite loads its wasm and data files by URL; bundling rewrites them and breaks it at run time.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2"],
  poweredByHeader: false,
  experimental: {
    // CSV imports send up to 50,000 rows in one server action (lib/http/limits.ts says the same).
    serverActions: { bodySizeLimit: "8mb" },
    // proxy.ts sees every request and Next buffers its body up to this size: above the largest limit
    // of any route (10 MB of API measurements), so an oversized body is refused whole, never cut short.
    proxyClientMaxBodySize: "11mb",
  },
  allowedDevOrigins: ["127.0.0.1"],
  // Renamed pages (issue 9: names that collide): old links and bookmarks land on the new ones.
  async redirects() {
    return [
      { source: "/o/:org/review", destination: "/o/:org/cross-team", permanent: true },
      { source: "/o/:org/actions", destination: "/o/:org/follow-ups", permanent: true },
    ];
  },
  async headers() {
    // Build files skip proxy.ts (they are immutable); they still must not be sniffed as another type.
    return [{ source: "/_next/static/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }];
  },
};

export default nextConfig;
