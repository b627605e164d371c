/**
 * The app's main side (browser mode's web server with the same services Electron runs) in a
 * process of its own, for the UI benchmark: in Electron main is a process apart from the window,
 * and here it would otherwise share an event loop with Playwright's driver. Tells its parent the
 * URL, then serves until disconnected.
 */
import { resolve } from 'node:path'
import { startWebServer } from '../src/web/server'

export interface AppReady {
  url: string
}

const [apiUrl, userDataDir] = process.argv.slice(2)
if (!apiUrl || !userDataDir) throw new Error('usage: app-process <api url> <user data dir>')
const web = await startWebServer({
  port: 0,
  staticDir: resolve('out/web'),
  userDataDir,
  apiUrl,
  log: () => {}
})
const ready: AppReady = { url: web.url }
process.send?.(ready)
process.on('disconnect', () => void web.close().finally(() => process.exit(0)))
