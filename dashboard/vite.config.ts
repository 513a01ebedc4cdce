import { defaultClientConditions, defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const gateway = 'http://127.0.0.1:8080';

export default defineConfig({
  base: '/',
  plugins: [svelte()],
  // Workspace packages (@liuhen/contract) from their TypeScript sources, as the tests read them:
  // never a stale dist/.
  resolve: { conditions: ['liuhen-source', ...defaultClientConditions] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: {
      output: {
        // The live-video player is the largest dependency and changes least: a chunk of its own.
        manualChunks: { mpegts: ['mpegts.js'] },
      },
    },
  },
  server: {
    proxy: {
      '/api': gateway,
      '/live': { target: gateway, ws: true },
    },
  },
});
