import { defineConfig } from 'vitest/config';

// Workspace packages export their TypeScript source under the custom "@k8s-mcp/source"
// condition (see each package.json "exports"), so tests run from src/ without a build.
// Vitest's node environment resolves through Vite's SSR environment, so `ssr.resolve.conditions`
// is the setting that takes effect (verified: without it, "@k8s-mcp/config" fails to resolve
// when dist/ is absent); `resolve.conditions` covers client-side environments. Vite replaces
// its default conditions when these are set, so the defaults are restated.
const conditions = ['@k8s-mcp/source', 'module', 'node', 'development|production'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{libs,apps}/*/src/**/*.spec.ts'],
          exclude: ['**/*.int.spec.ts', '**/node_modules/**', '**/dist/**'],
          environment: 'node',
        },
      },
      {
        // Runs against the real control plane (tools/control-plane), which the global setup
        // builds and starts once per run; it never skips.
        extends: true,
        test: {
          name: 'integration',
          include: ['{libs,apps}/*/src/**/*.int.spec.ts'],
          exclude: ['**/node_modules/**', '**/dist/**'],
          environment: 'node',
          globalSetup: ['libs/testing/src/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // Two cores: the control plane needs one.
          maxWorkers: 2,
          minWorkers: 1,
        },
      },
    ],
  },
});
