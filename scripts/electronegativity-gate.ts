/**
 * The rule `npm run security:scan` applies to Electronegativity's findings: each one must be
 * explained, with a reason, in the table of docs/security.md, or the scan fails. Pure functions,
 * so the rule itself is unit-tested (scripts/electronegativity-gate.test.ts).
 */

export interface Finding {
  check: string
  /** Relative to the repository root, or 'N/A' for a finding about the app as a whole. */
  file: string
  line: number
  column: number
  description: string
  severity: string
  confidence: string
  manualReview: boolean
}

export interface Explanation {
  check: string
  file: string
  reason: string
}

export interface Verdict {
  explained: { finding: Finding; explanation: Explanation }[]
  unexplained: Finding[]
  /** Rows that match no finding any more: the doc would claim a finding that is gone. */
  stale: Explanation[]
}

export const TABLE_START = '<!-- electronegativity:explained -->'
export const TABLE_END = '<!-- /electronegativity:explained -->'

const code = (text: string): string => text.replace(/^`(.*)`$/, '$1')

/**
 * Reads the rows of the markdown table between the two markers. Throws on anything it cannot
 * read rather than returning fewer rows: a row silently dropped would turn into a failing scan
 * with a confusing message, and one silently misread could explain the wrong finding.
 */
export function parseExplanations(markdown: string): Explanation[] {
  const start = markdown.indexOf(TABLE_START)
  const end = markdown.indexOf(TABLE_END)
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`the explained-findings table (${TABLE_START} … ${TABLE_END}) is missing`)
  }
  const rows = markdown
    .slice(start + TABLE_START.length, end)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('|'))
  const [header, separator, ...body] = rows
  if (!header || !separator || !/^\|[\s|:-]+\|$/.test(separator)) {
    throw new Error('the explained-findings table has no header row')
  }
  return body.map((row) => {
    const cells = row
      .replace(/^\||\|$/g, '')
      .split('|')
      .map((c) => c.trim())
    const [check, file, reason] = [code(cells[0] ?? ''), code(cells[1] ?? ''), cells[2]]
    if (cells.length !== 3 || !check || !file || !reason) {
      throw new Error(`an explained-findings row needs a check, a file and a reason: ${row}`)
    }
    if (!/^[A-Z0-9_]+$/.test(check)) throw new Error(`not an Electronegativity check id: ${check}`)
    return { check, file, reason }
  })
}

/**
 * A finding is explained by a row with its check id and its file. The file is part of the key
 * so that explaining, say, the one vetted openExternal does not also wave through a new call
 * somewhere else; the line is not, so that editing the file does not break the scan.
 */
export function judge(findings: Finding[], explanations: Explanation[]): Verdict {
  const key = (x: { check: string; file: string }): string => `${x.check} ${x.file}`
  const byKey = new Map(explanations.map((e) => [key(e), e]))
  const used = new Set<string>()
  const verdict: Verdict = { explained: [], unexplained: [], stale: [] }
  for (const finding of findings) {
    const explanation = byKey.get(key(finding))
    if (explanation) {
      used.add(key(finding))
      verdict.explained.push({ finding, explanation })
    } else {
      verdict.unexplained.push(finding)
    }
  }
  verdict.stale = explanations.filter((e) => !used.has(key(e)))
  return verdict
}
