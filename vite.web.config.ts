// The renderer built for browser mode (src/web): the same app as in Electron, plus the loopback
// bridge client that plays the preload's part. Output: out/web.
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { rendererResolve } from './renderer.config'

export default defineConfig({
  root: resolve('src/renderer'),
  base: './',
  resolve: rendererResolve,
  plugins: [vue()],
  build: {
    outDir: resolve('out/web'),
    emptyOutDir: true,
    rollupOptions: {
      input: { index: resolve('src/renderer/index.html'), bridge: resolve('src/web/client.ts') },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'bridge' ? 'bridge.js' : 'assets/[name]-[hash].js')
      }
    }
  }
})
