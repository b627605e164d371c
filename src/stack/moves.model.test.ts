/**
 * Model-based whole-stack test of card moves: fast-check generates what a quick user does on the
 * board (drops, Won/Lost, reopening, drops into a stage that refuses cards, a colleague's writes,
 * live refreshes, outages) while requests fail, vanish, lose their answers and overtake each
 * other; once everything has settled the board, the sandbox and a model of what the user did must
 * agree (check.ts). STACK_RUNS, STACK_ACTIONS, STACK_SEED, STACK_TIME_MS, STACK_KINDS,
 * STACK_IGNORE and STACK_FAULTS tune it.
 */
import { describe, it } from 'vitest'
import fc from 'fast-check'
import { check, report } from './check'
import { createStack, DEFAULT_FAULTS, NO_FAULTS, type Stack } from './harness'
import { KINDS, runSeeds, seedArbOf, type Kind } from './scenario'

const RUNS = Number(process.env.STACK_RUNS ?? 15)
const ACTIONS = Number(process.env.STACK_ACTIONS ?? 40)
const SEED = Number(process.env.STACK_SEED ?? 424242)
/** Generation and shrinking stop after this; whatever failed by then is reported. */
const TIME_MS = Number(process.env.STACK_TIME_MS ?? 45_000)
/** Causes (e.g. "A,C") whose violations are set aside, to hunt the others. */
const IGNORE = (process.env.STACK_IGNORE ?? '').split(',').filter(Boolean)
/** STACK_FAULTS=off: no random faults (outages still happen). */
const RATES = process.env.STACK_FAULTS === 'off' ? NO_FAULTS : DEFAULT_FAULTS
/** Only these action kinds (comma-separated), to hunt one cause past another that is found first. */
const ONLY = process.env.STACK_KINDS?.split(',').filter((k): k is Kind =>
  (KINDS as readonly string[]).includes(k)
)

describe('whole stack: card moves', () => {
  it(
    'the board, the sandbox and a model of what the user did agree',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(seedArbOf(ONLY?.length ? ONLY : KINDS), { minLength: 1, maxLength: ACTIONS }),
          fc.nat(1000),
          async (seeds, data) => {
            const run = await runSeeds(seeds, { seed: 7 + data, rates: RATES })
            const kept = run.violations.filter((v) => !IGNORE.some((cause) => v.text.includes(`[${cause}]`)))
            if (kept.length > 0) throw new Error(run.text)
          }
        ),
        { numRuns: RUNS, seed: SEED, interruptAfterTimeLimit: TIME_MS, markInterruptAsFailure: false }
      )
    },
    TIME_MS + 30_000
  )
})

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A run without random faults: the examples below decide exactly what happens. */
async function withStack(body: (stack: Stack) => Promise<void>): Promise<void> {
  const stack = await createStack({ seed: 7, rates: NO_FAULTS })
  try {
    stack.faults.enabled = true
    await body(stack)
    const { settled } = await stack.settle(5_000)
    const violations = check(stack, settled)
    if (violations.length > 0) throw new Error(report(stack, violations))
  } finally {
    await stack.dispose()
  }
}

const reports = (stack: Stack) => async () => {
  while (stack.actions.some((a) => !a.report)) await sleep(5)
}

describe('whole stack: the known move bugs, one example each', () => {
  it('A: a drop next to a card not saved yet is not a conflict (two cards dropped on Won back to back)', () =>
    withStack(async (stack) => {
      const [x, y] = stack.board.shown[stack.openStages[0]!]!
      stack.drop('won', x!, stack.wonStage, 0, { status: 'won' })
      // X is drawn in Won while it saves; Y goes just above it.
      stack.drop('won', y!, stack.wonStage, 0, { status: 'won' })
      await reports(stack)()
    }))

  it("B: a refused move does not make the card's next move stale", () =>
    withStack(async (stack) => {
      const [from, to, then] = stack.openStages.filter((c) => c !== stack.refusingStage)
      const x = stack.board.shown[from!]![0]!
      stack.drop('move', x, to!, 0)
      // Sent once the first is answered, and refused by the stage.
      stack.drop('refuse', x, stack.refusingStage, 0)
      await reports(stack)()
      stack.drop('move', x, then!, 0)
      await reports(stack)()
    }))

  it('C: a refusal sent from the outbox is put back (the outbox holds other changes)', () =>
    withStack(async (stack) => {
      const [from, to] = stack.openStages.filter((c) => c !== stack.refusingStage)
      const [y, x] = stack.board.shown[from!]!
      stack.setOutage(true)
      stack.drop('move', y!, to!, 0)
      await reports(stack)()
      // Y waits in the outbox, so X's drop into the refusing stage goes behind it.
      stack.drop('refuse', x!, stack.refusingStage, 0)
      await reports(stack)()
      stack.setOutage(false)
    }))
})
