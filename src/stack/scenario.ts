/**
 * A run: action seeds (from fast-check or written out by hand) read against the board as it is
 * drawn at the moment of each action, then settling and the checks.
 */
import fc from 'fast-check'
import { check, report, type Violation } from './check'
import { createStack, DEFAULT_FAULTS, LOSS_REASONS, type FaultRates, type Stack } from './harness'

export const KINDS = [
  'move',
  'won',
  'lost',
  'close',
  'reopen',
  'refuse',
  'again',
  'colleague',
  'poll',
  'wait',
  'outage'
] as const
export type Kind = (typeof KINDS)[number]

export interface Seed {
  kind: Kind
  a: number
  b: number
  c: number
}

/** Weights: mostly drops, 10–20% into the refusing stage, few colleague writes. */
const WEIGHTS: Record<Kind, number> = {
  move: 7,
  won: 2,
  lost: 2,
  close: 1,
  reopen: 1,
  refuse: 3,
  again: 2,
  colleague: 1,
  poll: 1,
  wait: 2,
  outage: 1
}

/** Action seeds of the given kinds (all by default), with their weights. */
export function seedArbOf(kinds: readonly Kind[] = KINDS): fc.Arbitrary<Seed> {
  return fc.record({
    kind: fc.oneof(...kinds.map((kind) => ({ arbitrary: fc.constant(kind), weight: WEIGHTS[kind] }))),
    a: fc.nat(1000),
    b: fc.nat(1000),
    c: fc.nat(1000)
  })
}

export const seedArb: fc.Arbitrary<Seed> = seedArbOf()

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve))
const pick = <T>(list: readonly T[], n: number): T | undefined =>
  list.length ? list[n % list.length] : undefined

/** Open cards as drawn now, in the open stages (saving ones included: the user sees them). */
function openCards(stack: Stack, stages: readonly number[]): number[] {
  return stages.flatMap((col) => [...(stack.board.shown[col] ?? [])])
}

/** Reads one seed against the board as drawn now and acts. */
export async function act(stack: Stack, seed: Seed): Promise<void> {
  const { board } = stack
  const plain = stack.openStages.filter((c) => c !== stack.refusingStage)
  const cardIn = (stages: readonly number[]) => pick(openCards(stack, stages), seed.a)
  switch (seed.kind) {
    case 'move': {
      const id = cardIn(stack.openStages)
      const to = pick(plain, seed.b)
      if (id === undefined || to === undefined) return
      const shown = board.shown[to] ?? []
      const index = seed.c % (shown.filter((o) => o !== id).length + 1)
      // The UI ignores a drop back on the card's own place.
      if (shown.indexOf(id) === index) return
      stack.drop('move', id, to, index)
      return
    }
    case 'won':
    case 'lost': {
      const id = cardIn(stack.openStages)
      const to = seed.kind === 'won' ? stack.wonStage : stack.lostStage
      if (id === undefined) return
      const index = seed.c % ((board.shown[to] ?? []).length + 1)
      const outcome =
        seed.kind === 'won'
          ? ({ status: 'won' } as const)
          : ({ status: 'lost', lossReason: pick(LOSS_REASONS, seed.b)! } as const)
      stack.drop(seed.kind, id, to, index, outcome)
      return
    }
    case 'close': {
      // The drawer's Won and Lost zones, for a card of any stage not already so.
      const lost = seed.b % 2 === 1
      const cards = [...board.records.values()]
        .filter((r) => stack.columns.includes(r.CrmBoardColumnId) && r.Status !== (lost ? 3 : 2))
        .map((r) => r.Id)
        .sort((x, y) => x - y)
      const id = pick(cards, seed.a)
      if (id === undefined) return
      stack.close(id, lost ? { status: 'lost', lossReason: pick(LOSS_REASONS, seed.c)! } : { status: 'won' })
      return
    }
    case 'reopen': {
      const closed = [...board.closed.won, ...board.closed.lost].map((r) => r.Id).sort((x, y) => x - y)
      const id = pick(closed, seed.a)
      const to = pick(plain, seed.b)
      if (id === undefined || to === undefined) return
      const index = seed.c % ((board.shown[to] ?? []).length + 1)
      stack.drop('reopen', id, to, index, { status: 'open' })
      return
    }
    case 'refuse': {
      const id = cardIn(stack.openStages.filter((c) => c !== stack.refusingStage))
      if (id === undefined) return
      const to = stack.refusingStage
      const index = seed.c % ((board.shown[to] ?? []).length + 1)
      stack.drop('refuse', id, to, index)
      return
    }
    case 'again': {
      // The user moves the card they just moved once more, before its save is answered:
      // into the refusing stage or another open one.
      const last = stack.actions.at(-1)
      const id = last?.id
      if (id === undefined || board.records.get(id)?.Status !== 1) return
      const to = seed.b % 2 === 0 ? stack.refusingStage : pick(plain, seed.b >> 1)!
      const shown = board.shown[to] ?? []
      const index = seed.c % (shown.filter((o) => o !== id).length + 1)
      if (shown.indexOf(id) === index) return
      stack.drop(to === stack.refusingStage ? 'refuse' : 'move', id, to, index)
      return
    }
    case 'colleague': {
      // Someone else edits or moves a card the user has nothing on its way for.
      const busy = new Set([
        ...board.pending.keys(),
        ...stack.mainOutbox().entries.map((e) => e.opportunityId),
        ...stack.actions.filter((a) => !a.report).map((a) => a.id)
      ])
      const cards = [...stack.initial.keys()].filter((id) => !busy.has(id)).sort((x, y) => x - y)
      const id = pick(cards, seed.a)
      if (id === undefined) return
      const to = pick(plain, seed.b)!
      stack.colleagueWrite(
        id,
        seed.c % 2 === 0 ? { Name: `Colleague edit ${seed.c}` } : { CrmBoardColumnId: to }
      )
      return
    }
    case 'poll':
      stack.note('poll')
      void board.pollChanges()
      return
    case 'wait':
      await sleep(seed.a % 31)
      return
    case 'outage':
      stack.setOutage(!stack.faults.outage)
      return
  }
}

export interface RunOptions {
  seed?: number
  rates?: FaultRates
  mainLog?: (line: string) => void
  trace?: boolean
}

export interface RunResult {
  violations: Violation[]
  text: string
  durationMs: number
}

/** One run on a fresh sandbox, services and Pinia: act, settle, check. */
export async function runSeeds(seeds: readonly Seed[], options: RunOptions = {}): Promise<RunResult> {
  const started = performance.now()
  const stack = await createStack({
    seed: options.seed ?? 7,
    rates: options.rates ?? DEFAULT_FAULTS,
    mainLog: options.mainLog,
    trace: options.trace
  })
  try {
    stack.faults.enabled = true
    for (const seed of seeds) {
      await act(stack, seed)
      // The user is quick, but not quicker than the page draws what it is told.
      await nextTask()
    }
    const { settled } = await stack.settle()
    const violations = check(stack, settled)
    const durationMs = Math.round(performance.now() - started)
    return {
      violations,
      text: report(stack, violations, `${seeds.length} action seeds, ${durationMs} ms`),
      durationMs
    }
  } finally {
    await stack.dispose()
  }
}
