import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { rendererResolve } from './renderer.config'

export default defineConfig({
  main: {
    build: { rollupOptions: { input: { index: resolve('src/main/index.ts') } } }
  },
  preload: {
    // A sandboxed preload cannot require node_modules nor be an ES module: bundle everything as CJS.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    resolve: rendererResolve,
    plugins: [vue()],
    // Minified like the browser-mode build: less script to evaluate before the first drawing.
    build: { minify: true, rollupOptions: { input: { index: resolve('src/renderer/index.html') } } }
  }
})
