import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vitest/config';

const libs = ['core', 'analysis', 'store', 'queue', 'connectors', 'identity', 'live', 'alerts', 'offers', 'config', 'infra', 'ingest'];
const alias = Object.fromEntries(libs.map((lib) => [`@escucha/${lib}`, resolve(import.meta.dirname, `libs/${lib}/src`)]));

export default defineConfig({
  resolve: { alias },
  test: {
    reporters: ['default', './test/support/summary.reporter.ts'],
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts'],
          environment: 'node',
        },
      },
      {
        // The dashboard's stores and components, in a simulated DOM; the browser tests under test/browser see the real one.
        plugins: [vue()],
        test: {
          name: 'web',
          sequence: { groupOrder: 0 },
          include: ['web/src/**/*.spec.ts'],
          environment: 'happy-dom',
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          sequence: { groupOrder: 1 },
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file starts its own servers on free ports; two cores, so keep it modest.
          maxWorkers: 2,
          fileParallelism: true,
        },
      },
    ],
  },
});
