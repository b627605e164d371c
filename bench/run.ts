/**
 * `npm run bench`: the board at 500, 2,000 and 5,000 cards, ours (windowed) and a baseline with
 * windowing switched off (every card drawn, as typical open-source boards do), plus what a move
 * costs in API requests. Prints a table and writes bench/results/<time>.json and latest.json.
 * Needs the renderer built (the script does it) and Debian's Chromium.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { chromium } from '@playwright/test'
import { measureMoveCost } from './moves'
import { measureUi, type UiResult } from './ui'
import { chromiumLaunchOptions } from '../scripts/chromium'

const sizes = (process.env.BENCH_SIZES ?? '500,2000,5000').split(',').map(Number)
const modes = (process.env.BENCH_MODES ?? 'windowed,baseline').split(',') as Array<'windowed' | 'baseline'>
const runs = Number(process.env.BENCH_RUNS ?? 5)

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? NaN
const fmt = (v: number | null | undefined, digits = 0) =>
  v === null || v === undefined ? '—' : v.toFixed(digits)

/** Median of the starts drawn from the saved copy, and how many were not. */
const cached = (v: Array<number | null>) => {
  const hits = v.filter((x): x is number => x !== null)
  return `${fmt(median(hits))}${hits.length < v.length ? ` (${v.length - hits.length} not from cache)` : ''}`
}

const browser = await chromium.launch(chromiumLaunchOptions)
const ui: UiResult[] = []
try {
  for (const size of sizes) {
    for (const mode of modes) {
      process.stderr.write(`measuring ${mode} at ${size} cards…\n`)
      ui.push(await measureUi(browser, size, mode, runs))
    }
  }
} finally {
  await browser.close()
}
process.stderr.write('measuring move costs (200 random moves)…\n')
const moves = await measureMoveCost(200)

const rows = ui.map((r) => ({
  cards: r.size,
  mode: r.mode,
  'sign-in→paint median ms': fmt(median(r.signInToPaintMs)),
  'stage times ready ms': fmt(median(r.stageTimesMs)),
  'cached start ms': cached(r.cachedStartMs),
  'cached after load ms': cached(r.cachedAfterLoadMs),
  'drag p95 ms': fmt(r.drag?.p95, 1),
  'drag max ms': fmt(r.drag?.max, 1),
  'heap MB': fmt(r.heapMB, 1),
  'DOM elements': String(r.domElements)
}))
console.log('\nBoard in Chromium (browser mode), sandbox large board')
console.table(rows)

const ratios = sizes.flatMap((size) => {
  const ours = ui.find((r) => r.size === size && r.mode === 'windowed')
  const base = ui.find((r) => r.size === size && r.mode === 'baseline')
  if (!ours || !base) return []
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? (a / b).toFixed(2) : '—')
  return [
    {
      cards: size,
      'sign-in→paint': ratio(median(ours.signInToPaintMs), median(base.signInToPaintMs)),
      'drag p95': ratio(ours.drag?.p95, base.drag?.p95),
      'drag max': ratio(ours.drag?.max, base.drag?.max),
      heap: ratio(ours.heapMB, base.heapMB),
      'DOM elements': ratio(ours.domElements, base.domElements)
    }
  ]
})
if (ratios.length) {
  console.log('\nOurs / baseline (lower is better)')
  console.table(ratios)
}

console.log(`\nMove cost, ${moves.moves} random moves on the 5,000-card board (positions in steps of 100)`)
console.table([
  {
    'requests max': moves.requests.max,
    'requests mean': moves.requests.mean.toFixed(2),
    'requests distribution': JSON.stringify(moves.requests.distribution),
    '≤ 1 PUT': `${moves.puts.atMostOne}/${moves.moves} (${(moves.puts.share * 100).toFixed(1)}%)`,
    'PUT distribution': JSON.stringify(moves.puts.distribution),
    conflicts: moves.conflicts
  }
])

const result = {
  at: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    model: cpus()[0]?.model,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version
  },
  ui,
  ratios,
  moves
}
await mkdir('bench/results', { recursive: true })
const stamp = result.at.replace(/[:.]/g, '-')
await writeFile(`bench/results/${stamp}.json`, JSON.stringify(result, null, 2))
await writeFile('bench/results/latest.json', JSON.stringify(result, null, 2))
console.log(`\nwrote bench/results/${stamp}.json and bench/results/latest.json`)
