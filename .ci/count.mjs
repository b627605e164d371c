// Adds up the vitest and Playwright JSON reports into the closing line CI reads.
// A missing report counts as one failure: a runner that crashed must not look green.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'

let passed = 0
let failed = 0
let skipped = 0
const [unitPath, e2ePath] = process.argv.slice(2)

if (existsSync(unitPath)) {
  const unit = JSON.parse(readFileSync(unitPath, 'utf8'))
  passed += unit.numPassedTests
  failed += unit.numFailedTests
  skipped += (unit.numPendingTests ?? 0) + (unit.numTodoTests ?? 0)
  if (unit.numFailedTestSuites > 0 && unit.numFailedTests === 0) failed += unit.numFailedTestSuites
} else {
  console.log(`no unit report at ${unitPath}`)
  failed += 1
}

if (existsSync(e2ePath)) {
  const e2e = JSON.parse(readFileSync(e2ePath, 'utf8'))
  passed += e2e.stats.expected + e2e.stats.flaky
  failed += e2e.stats.unexpected
  skipped += e2e.stats.skipped
  if ((e2e.errors ?? []).length > 0 && e2e.stats.unexpected === 0) failed += e2e.errors.length
} else {
  console.log(`no end-to-end report at ${e2ePath}`)
  failed += 1
}

const hasElectron = (() => {
  try {
    return readFileSync('node_modules/electron/path.txt', 'utf8').length > 0
  } catch {
    return false
  }
})()
if (!hasElectron) {
  console.log(
    'e2e (electron project): skipped — no Electron binary on this machine (its download is impossible here)'
  )
}
const line = `tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`
writeFileSync('reports/summary.txt', line + '\n')
process.exit(failed > 0 || passed === 0 ? 1 : 0)
