/**
 * `npm run security:scan`: Electronegativity over the code that ships in the desktop app, failing
 * on any finding that docs/security.md does not explain (scripts/electronegativity-gate.ts).
 * Writes reports/electronegativity.sarif and prints one line per finding.
 *
 * Electronegativity is called through its Node API, not its CLI: the CLI of 1.10.3 requires a
 * `commander` it does not declare, and the one npm hoists here (14) has another API, so
 * `npx electronegativity` dies with "_commander2.default.version is not a function".
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve, sep } from 'node:path'
import { judge, parseExplanations, type Finding } from './electronegativity-gate'

interface RunOptions {
  input: string
  output: string
  isSarif: boolean
  isRelative: boolean
  electronVersionOverride: string
}

interface RawIssue {
  id: string
  file: string
  location?: { line?: number; column?: number }
  description: string
  severity: { name: string }
  confidence: { name: string }
  manualReview: boolean
}

interface RunResult {
  globalChecks: number
  atomicChecks: number
  errors: { file: string; message: string; tolerable: boolean }[]
  issues: RawIssue[]
}

const require = createRequire(import.meta.url)
const run = require('@doyensec/electronegativity') as (
  options: RunOptions,
  forCli: boolean
) => Promise<RunResult>

const ROOT = resolve(import.meta.dirname, '..')
const DOC = join(ROOT, 'docs', 'security.md')
const REPORT = join(ROOT, 'reports', 'electronegativity.sarif')
// Two network look-ups (translations, Electron's release list) have no deadline of their own.
const DEADLINE_MS = 180_000
// What Electronegativity reads (its list_files); .vue, .css and .cjs files are not among them.
const SCANNED = /\.(jsx?|tsx?|html?)$|^package(-lock)?\.json$/i

/**
 * Tests and test doubles never ship, and the fake BrowserWindow, CSPs and permission handlers in
 * them would otherwise count towards the checks that look at the whole app (a CSP "found" in a
 * test could hide a window without one).
 */
function ships(path: string): boolean {
  if (path.endsWith('.test.ts')) return false
  return !path.split(sep).includes('testing')
}

/** The scanned tree: src/ without tests, and package.json (Electron version, launch flags). */
function stage(): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'pipeline-electronegativity-'))
  cpSync(join(ROOT, 'src'), join(dir, 'src'), { recursive: true, filter: ships })
  cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'))
  const files = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && SCANNED.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
  return { dir, files }
}

function findingOf(issue: RawIssue): Finding {
  return {
    check: issue.id,
    file: issue.file.split(sep).join('/'),
    line: issue.location?.line ?? 0,
    column: issue.location?.column ?? 0,
    description: issue.description,
    severity: issue.severity.name,
    confidence: issue.confidence.name,
    manualReview: issue.manualReview
  }
}

const where = (f: Finding): string => (f.file === 'N/A' ? 'the app' : `${f.file}:${f.line}:${f.column}`)

async function main(): Promise<number> {
  // Read first: a broken table should fail in a second, not after the scan.
  const explanations = parseExplanations(readFileSync(DOC, 'utf8'))
  const electron = (require('electron/package.json') as { version: string }).version
  const { dir, files } = stage()
  try {
    // A scan that quietly saw nothing would pass; the window's own file must be in it.
    if (!files.includes(join('src', 'main', 'window.ts'))) throw new Error('nothing to scan in src/main')
    mkdirSync(join(ROOT, 'reports'), { recursive: true })
    const result = await run(
      // The version actually installed, which is what ships, rather than the range in package.json.
      { input: dir, output: REPORT, isSarif: true, isRelative: true, electronVersionOverride: electron },
      false
    )

    const unscanned = result.errors.filter((e) => !e.tolerable)
    const verdict = judge(result.issues.map(findingOf), explanations)
    console.log(
      `electronegativity: Electron ${electron}, ${files.length} files, ` +
        `${result.atomicChecks + result.globalChecks} checks; ${verdict.explained.length + verdict.unexplained.length} findings, ` +
        `${verdict.explained.length} explained in docs/security.md, ${verdict.unexplained.length} not explained`
    )
    for (const { finding } of verdict.explained)
      console.log(`  explained   ${finding.check} ${where(finding)}`)
    for (const f of verdict.unexplained) {
      console.log(`  FINDING     ${f.check} ${where(f)} (${f.severity}, ${f.confidence}): ${f.description}`)
    }
    for (const e of unscanned) console.log(`  UNSCANNED   ${e.file.slice(dir.length + 1)}: ${e.message}`)
    for (const e of verdict.stale) {
      console.log(
        `  STALE       ${e.check} ${e.file}: docs/security.md explains a finding the scan no longer makes`
      )
    }
    if (verdict.unexplained.length > 0) {
      console.log('Fix the code, or explain the finding with its reason in docs/security.md.')
    }
    console.log(`report: ${REPORT.slice(ROOT.length + 1)}`)
    return verdict.unexplained.length + unscanned.length + verdict.stale.length > 0 ? 1 : 0
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const deadline = setTimeout(() => {
  console.error(`electronegativity: no result after ${DEADLINE_MS / 1000} s`)
  process.exit(2)
}, DEADLINE_MS)

main()
  .then((code) => {
    // exitCode, not exit(): Electronegativity writes the report file asynchronously.
    process.exitCode = code
  })
  .catch((error: unknown) => {
    console.error(`electronegativity: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 2
  })
  .finally(() => clearTimeout(deadline))
