import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

// The config lives in web/ but is run from the repository root (`npm run build:web`),
// so the root is pinned here instead of relying on the working directory.
const root = fileURLToPath(new URL('.', import.meta.url));
const api = 'http://localhost:3000';

/** Text formats worth compressing; images and fonts of the build are compressed already. */
const COMPRESSIBLE = /\.(html|js|mjs|css|svg|json|txt|map|webmanifest)$/;

/**
 * Writes `file.gz` and `file.br` beside each text file of the build, at the highest levels: the
 * server sends them to clients that take them (@fastify/static `preCompressed`) and compresses
 * nothing at request time. Below a few hundred bytes gzip's own framing eats most of the gain.
 */
function precompress(outDir: string, minBytes = 256): Plugin {
  const walk = (dir: string): string[] => readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)]));
  return {
    name: 'escucha-precompress',
    apply: 'build',
    closeBundle() {
      for (const file of walk(outDir).filter((f) => COMPRESSIBLE.test(f))) {
        const bytes = readFileSync(file);
        if (bytes.length < minBytes) continue;
        const gzip = gzipSync(bytes, { level: 9 });
        const brotli = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } });
        if (gzip.length < bytes.length) writeFileSync(`${file}.gz`, gzip);
        if (brotli.length < bytes.length) writeFileSync(`${file}.br`, brotli);
      }
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [vue(), precompress(join(root, 'dist'))],
  define: {
    // vue-i18n reads this compile-time flag; leaving it undefined logs a warning in the console.
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Libraries change far less often than the app: separate chunks stay cached across releases.
    // ECharts + zrender alone are near 600 kB even tree-shaken.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Listed first with a higher priority, or Vue would be pulled into the chart chunk as its dependency.
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|pinia|vue-i18n|@intlify)[\\/]/, priority: 2 },
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/health': { target: api, changeOrigin: true },
      '/socket.io': { target: api, changeOrigin: true, ws: true },
    },
  },
  preview: {
    proxy: {
      '/api': { target: api, changeOrigin: true },
      '/health': { target: api, changeOrigin: true },
      '/socket.io': { target: api, changeOrigin: true, ws: true },
    },
  },
});
