import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { judge, parseExplanations, TABLE_END, TABLE_START, type Finding } from './electronegativity-gate'

const table = (...rows: string[]): string =>
  [
    '# Security',
    TABLE_START,
    '',
    '| Check                    | File                 | Reason            |',
    '| ------------------------ | -------------------- | ----------------- |',
    ...rows,
    '',
    TABLE_END,
    '| NOT_A_ROW | outside | the markers |'
  ].join('\n')

const finding = (check: string, file: string, line = 1): Finding => ({
  check,
  file,
  line,
  column: 0,
  description: 'x',
  severity: 'MEDIUM',
  confidence: 'FIRM',
  manualReview: true
})

describe('parseExplanations', () => {
  it('reads the rows between the markers, as prettier aligns them, without backticks', () => {
    const rows = table(
      '| `OPEN_EXTERNAL_JS_CHECK` | `src/main/window.ts` | only https/mailto |',
      '| PRELOAD_JS_CHECK         | src/main/window.ts   | exposes one API   |'
    )
    expect(parseExplanations(rows)).toEqual([
      { check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src/main/window.ts', reason: 'only https/mailto' },
      { check: 'PRELOAD_JS_CHECK', file: 'src/main/window.ts', reason: 'exposes one API' }
    ])
    expect(parseExplanations(table())).toEqual([])
  })

  it('refuses a table it cannot read rather than explaining less, or the wrong thing', () => {
    expect(() => parseExplanations('# no table')).toThrow(/missing/)
    expect(() => parseExplanations(table('| `PRELOAD_JS_CHECK` | `src/main/window.ts` | |'))).toThrow(
      /reason/
    )
    expect(() => parseExplanations(table('| PRELOAD_JS_CHECK | a | b | c |'))).toThrow(/reason/)
    expect(() => parseExplanations(table('| preload check | a | b |'))).toThrow(/check id/)
  })

  it('reads the table of docs/security.md, every row with a reason', () => {
    const rows = parseExplanations(readFileSync(new URL('../docs/security.md', import.meta.url), 'utf8'))
    expect(rows.length).toBeGreaterThan(0)
    for (const row of rows) expect(row.reason.length).toBeGreaterThan(20)
  })
})

describe('judge', () => {
  const explanations = [{ check: 'OPEN_EXTERNAL_JS_CHECK', file: 'src/main/window.ts', reason: 'vetted' }]

  it('explains a finding by its check and file, whatever its line', () => {
    const verdict = judge([finding('OPEN_EXTERNAL_JS_CHECK', 'src/main/window.ts', 99)], explanations)
    expect(verdict.unexplained).toEqual([])
    expect(verdict.stale).toEqual([])
    expect(verdict.explained).toHaveLength(1)
  })

  it('fails the same check in another file, and any check not listed', () => {
    const elsewhere = finding('OPEN_EXTERNAL_JS_CHECK', 'src/main/demo.ts')
    const other = finding('NODE_INTEGRATION_JS_CHECK', 'src/main/window.ts')
    expect(judge([elsewhere, other], explanations).unexplained).toEqual([elsewhere, other])
  })

  it('reports a row that no finding needs any more', () => {
    expect(judge([], explanations).stale).toEqual(explanations)
  })
})
