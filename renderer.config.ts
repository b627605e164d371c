// How the renderer resolves imports, for both of its builds (electron.vite.config.ts, Electron;
// vite.web.config.ts, browser mode).
import { resolve } from 'node:path'

export const rendererResolve = {
  alias: {
    '@renderer': resolve('src/renderer/src'),
    // The runtime-only build: templates are compiled at build time. Without this, vuedraggable's
    // `require("vue")` pulls in Vue's full build, template compiler included (~95 KB of the start
    // bundle, evaluated before the first drawing).
    vue: 'vue/dist/vue.runtime.esm-bundler.js'
  }
}
