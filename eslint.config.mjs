import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", ignoreRestSiblings: true },
      ],
    },
  },
  // Boundaries the tools keep (README, "Architecture"): each block lists what its folders may not import.
  {
    files: ["lib/scoring/**", "lib/capacity/**", "lib/time/**", "lib/analysis/**", "lib/audit/**", "lib/charts/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/db", "@/db/*", "**/db/*", "next", "next/*", "react", "react/*", "react-dom", "react-dom/*"],
              message: "Pure domain logic: no database, Next.js or React (pass data in, return data out).",
            },
            {
              group: ["@/lib/data", "@/lib/data/*", "@/lib/api/*", "@/lib/auth/*", "@/lib/actions/*", "server-only"],
              message: "Pure domain logic owns its types: the data layer imports from it, never the other way.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/data/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next", "next/*", "@/components/*", "@/app/*"],
              message: "The data layer serves pages, actions, the API and the CLI alike: no Next.js, no UI.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["components/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              regex: "^@/app/(?!(.+/)?actions$)",
              message: "Components import from app only its server actions (app/**/actions.ts).",
            },
          ],
        },
      ],
    },
  },
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "db/migrations/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
];

export default config;
