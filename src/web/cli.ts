/**
 * `npm run web`: the app in a browser. Without NEXUDUS_API_URL it talks to the built-in demo
 * workspace (the sandbox, started here on a free loopback port); with it, to that server.
 */
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { DEMO_USERS, startSandbox } from '../sandbox'
import { startWebServer } from './server'

const staticDir = resolve('out/web')
if (!existsSync(resolve(staticDir, 'index.html'))) {
  console.error('The renderer is not built: run `npm run web` (it builds first) or `npm run build:renderer`.')
  process.exit(1)
}

const external = process.env.NEXUDUS_API_URL
const sandbox = external ? null : await startSandbox({ port: 0, quiet: true })
const apiUrl = external ?? sandbox!.url
const web = await startWebServer({
  port: Number(process.env.PORT ?? 0) || 0,
  staticDir,
  userDataDir: resolve(process.env.PIPELINE_USER_DATA ?? '.userdata/web'),
  apiUrl,
  startDemo: sandbox
    ? async () => ({ url: sandbox.url, ...DEMO_USERS.admin, close: async () => {} })
    : undefined
})

console.log(`Pipeline (browser mode) is at ${web.url}`)
console.log(
  external
    ? `Nexudus server: ${external}`
    : `Demo workspace: ${apiUrl} (sign in as ${DEMO_USERS.admin.email} / ${DEMO_USERS.admin.password}, or click "Open demo workspace")`
)

const stop = async (): Promise<void> => {
  await web.close()
  await sandbox?.close()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
