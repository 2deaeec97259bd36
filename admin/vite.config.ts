import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API = process.env.YUANAN_API_URL ?? 'http://127.0.0.1:3000';

/**
 * The antd components every signed-in screen needs (the frame, toasts, dialogs, result pages). They form the
 * `antd` chunk; heavier components used by some pages only (tables, forms, date pickers, steps) are split by
 * rolldown into shared chunks that load with those pages, so the first download stays small.
 */
const ANTD_CORE = [
  '_util',
  'style',
  'theme',
  'config-provider',
  'locale',
  'app',
  'version',
  'button',
  'layout',
  'menu',
  'dropdown',
  'badge',
  'tooltip',
  'avatar',
  'flex',
  'typography',
  'message',
  'notification',
  'modal',
  'spin',
  'result',
  'tag',
  'alert',
  'breadcrumb',
  'space',
  'empty',
  'skeleton',
  'card',
  'grid',
  'col',
  'row',
];
const antdCore = new RegExp(`node_modules[\\\\/]antd[\\\\/]es[\\\\/](${ANTD_CORE.join('|')})[\\\\/]`);

/** Vendor chunks: react (with react-router), antd's core, echarts (only the queue page loads it). */
function vendorChunk(id: string): string | null {
  if (!id.includes('node_modules')) return null;
  if (/node_modules[\\/](echarts|zrender)[\\/]/.test(id)) return 'echarts';
  if (/node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/.test(id)) return 'react';
  if (
    antdCore.test(id) ||
    /node_modules[\\/]@ant-design[\\/](cssinjs|cssinjs-utils|colors|fast-color|icons|icons-svg)[\\/]/.test(id)
  )
    return 'antd';
  return null;
}

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': { target: API, changeOrigin: true },
      '/socket.io': { target: API, ws: true, changeOrigin: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 900,
    rolldownOptions: {
      // @yuanan/contracts builds its zod schemas at import time. The console uses only the contracts' plain data
      // (roles, invitation rules, problem messages; schemas as types): treating contracts and zod as free of side
      // effects and zod's builders as pure lets the unused schemas, and zod with them, drop out of the bundle.
      treeshake: {
        manualPureFunctions: ['z'],
        moduleSideEffects: [{ test: /packages[\\/]contracts[\\/]|node_modules[\\/]zod[\\/]/, sideEffects: false }],
      },
      output: {
        // Vite 8 (rolldown): `codeSplitting.groups` is what `manualChunks` was under rollup.
        codeSplitting: {
          groups: [
            // Highest first: a group takes its modules' dependencies along, so react must be claimed before antd.
            { name: 'react', test: (id: string) => vendorChunk(id) === 'react', priority: 30 },
            { name: 'echarts', test: (id: string) => vendorChunk(id) === 'echarts', priority: 20 },
            { name: 'antd', test: (id: string) => vendorChunk(id) === 'antd', priority: 10 },
          ],
        },
      },
    },
  },
});
