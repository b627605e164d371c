// Runs electron's own download (its install script is denied in package.json's allowScripts so
// that `npm install` cannot fail on machines without access to GitHub). On a normal machine this
// fetches the binary; where the download is impossible we say so in one line and carry on, because
// browser mode and every test work without the desktop window.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
let installScript
try {
  installScript = join(dirname(require.resolve('electron/package.json')), 'install.js')
} catch {
  process.exit(0) // production install without devDependencies: nothing to fetch
}
if (!existsSync(installScript)) process.exit(0)

const run = spawnSync(process.execPath, [installScript], {
  stdio: ['ignore', 'ignore', 'pipe'],
  timeout: 180_000,
  encoding: 'utf8'
})
if (run.status === 0) process.exit(0)
const reason = (run.stderr || run.error?.message || 'no answer').split('\n').find((l) => l.trim()) ?? ''
console.log(
  `electron: the desktop binary could not be downloaded (${reason.trim().slice(0, 120)}); ` +
    'the desktop window cannot start here, but `npm run web` and every test still work.'
)
process.exit(0)
