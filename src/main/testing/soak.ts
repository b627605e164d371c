/**
 * The fault soak (issue 6.3): a user's day of random moves, edits, won/lost and reopens sent
 * through the real bridge (the dispatcher IPC and browser mode use, with its input checks) to the
 * real services, while the sandbox fails 10% of requests with the generic 500, throttles some with
 * 429, answers 100–300 ms late, and goes away once for 10 seconds. The driver acts as the renderer
 * does: it builds each intent from the board as it knows it (the server's cards as last answered)
 * and takes every answer, queued or landed, as the user's change. When everything has settled,
 * every opportunity the sandbox holds must equal a model of what the user did, no record may be
 * lost or duplicated, no field the user did not change may differ, and the board main would draw
 * now must equal the sandbox. Used by soak.test.ts (short, in CI) and scripts/soak.ts (by hand).
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BoardSnapshot, MethodName, MoveAnswer, OutboxSettled } from '../../shared/bridge'
import { unpackCards, type BoardCard } from '../../shared/card'
import type { SaveResult } from '../../shared/details'
import type { OutboxState } from '../../shared/outbox'
import type { Result } from '../../shared/result'
import { DEMO_USERS, startSandbox } from '../../sandbox'
import { createRng } from '../../sandbox/prng'
import type { Rec } from '../../sandbox/views'
import { createDispatcher } from '../bridge/dispatch'
import { createServices } from '../services'

export interface SoakOptions {
  operations: number
  seed?: number
  /** How long Nexudus is away, once, in the middle of the run. */
  outageMs?: number
  failRate?: number
  throttleRate?: number
  latencyMs?: { min: number; max: number }
  log?: (line: string) => void
}

export interface SoakReport {
  operations: number
  kinds: Record<'move' | 'edit' | 'close' | 'reopen', number>
  /** Answers the app gave at once: landed, kept in the outbox, refused. */
  answers: { landed: number; queued: number; refused: number }
  faults: { serverErrors: number; throttled: number; dropped: number; outageMs: number }
  differences: string[]
  durationMs: number
}

const BOARD = 'Memberships & desks'
/** Fields a user's operation may change, and what Nexudus derives from them. */
const MAY_CHANGE = new Set([
  'CrmBoardColumnId',
  'CrmBoardColumnName',
  'Position',
  'Status',
  'Completed',
  'WonOn',
  'LostOn',
  'LossReason',
  'Name',
  'Value',
  'UpdatedOn',
  'UpdatedBy',
  'CrmUpdatedOn',
  'ToStringText'
])

interface Model {
  column: number
  status: 1 | 2 | 3
  lossReason: number | null
  name: string | null
  value: number | null
}

export function summaryLine(report: SoakReport): string {
  const { kinds, faults } = report
  const injected = faults.serverErrors + faults.throttled + faults.dropped
  return (
    `soak: ${report.operations} operations (${kinds.move} moves, ${kinds.edit} edits, ${kinds.close} won/lost, ${kinds.reopen} reopens), ` +
    `${injected} faults injected (${faults.serverErrors} × 500, ${faults.throttled} × 429, ${faults.dropped} dropped, one ${Math.round(faults.outageMs / 1000)} s outage), ` +
    `${report.differences.length} differences`
  )
}

export async function runSoak(options: SoakOptions): Promise<SoakReport> {
  const started = Date.now()
  const log = options.log ?? (() => {})
  const rng = createRng(options.seed ?? 11)
  const outageMs = options.outageMs ?? 10_000
  const sandbox = await startSandbox({ port: 0, quiet: true })
  const dir = await mkdtemp(join(tmpdir(), 'pipeline-soak-'))
  const settledEvents: OutboxSettled[] = []
  const services = createServices({
    userDataDir: dir,
    secretStore: null,
    apiUrl: sandbox.url,
    emit: (event, payload) => {
      if (event === 'outbox.settled') onSettled(payload as OutboxSettled)
    },
    log: (line) => {
      if (/outbox|failed/.test(line)) log(line)
    }
  })
  const dispatch = createDispatcher(services.handlers, log)
  const send = <T>(name: MethodName, input?: unknown) => dispatch(name, input) as Promise<Result<T>>

  /** The server's cards as the app last told the "renderer", by id: what intents are built from. */
  const seen = new Map<number, BoardCard>()
  function onSettled(event: OutboxSettled): void {
    settledEvents.push(event)
    if (event.kind === 'move') {
      for (const column of event.result.columns)
        for (const card of column.opportunities) seen.set(card.Id, card)
      seen.set(event.result.opportunity.Id, event.result.opportunity)
    } else if (event.kind === 'save' && event.result.status === 'saved')
      seen.set(event.result.card.Id, event.result.card)
    else if (event.kind === 'discarded' && event.fresh) seen.set(event.fresh.Id, event.fresh)
  }

  const report: SoakReport = {
    operations: 0,
    kinds: { move: 0, edit: 0, close: 0, reopen: 0 },
    answers: { landed: 0, queued: 0, refused: 0 },
    faults: { serverErrors: 0, throttled: 0, dropped: 0, outageMs },
    differences: [],
    durationMs: 0
  }

  try {
    const signIn = await send('auth.signIn', { ...DEMO_USERS.admin })
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.error.message}`)
    const boards = await send<{ Id: number; Name: string }[]>('boards.list', {})
    const boardId = boards.ok ? boards.data.find((b) => b.Name === BOARD)?.Id : undefined
    if (!boardId) throw new Error(`no board ${BOARD}`)
    const first = await send<BoardSnapshot>('board.load', { boardId })
    if (!first.ok) throw new Error(`board.load failed: ${first.error.message}`)
    for (const card of unpackCards(first.data.cards)) seen.set(card.Id, card)
    // Plain stages only: a Win/Lose stage implies an outcome, and automation stages ask the user first.
    const plain = first.data.columns
      .filter(
        (c) =>
          !c.WinOpportunity &&
          !c.LoseOpportunity &&
          !c.DeleteAccount &&
          !c.DeactivateAccount &&
          !c.ActivateAccount &&
          !c.CannedResponseId &&
          !c.TaskListId
      )
      .map((c) => c.Id)
    const initial = new Map<number, Rec>()
    const everyone = new Set(sandbox.control.state.data.opportunities.keys())
    for (const id of everyone) {
      const view = sandbox.control.getOpportunity(id)
      if (view && seen.has(id)) initial.set(id, view)
    }
    const model = new Map<number, Model>()
    for (const card of seen.values())
      model.set(card.Id, {
        column: card.CrmBoardColumnId,
        status: card.Status,
        lossReason: card.LossReason ?? null,
        name: card.Name ?? null,
        value: card.Value ?? null
      })

    sandbox.control.clearRequests()
    sandbox.control.setSwitches({
      failRate: options.failRate ?? 0.1,
      throttleRate: options.throttleRate ?? 0.03,
      latencyMs: options.latencyMs ?? { min: 100, max: 300 }
    })

    const outageAt = Math.floor(options.operations / 2)
    let outageEnds = 0
    for (let n = 0; n < options.operations; n++) {
      if (n === outageAt) {
        log(`soak: Nexudus goes away for ${outageMs} ms`)
        sandbox.control.setSwitches({ outage: true })
        outageEnds = Date.now() + outageMs
      }
      if (outageEnds && Date.now() >= outageEnds) {
        sandbox.control.setSwitches({ outage: false })
        outageEnds = 0
        log('soak: Nexudus is back')
      }
      await operate(n)
      report.operations++
    }
    if (outageEnds) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, outageEnds - Date.now())))
      sandbox.control.setSwitches({ outage: false })
    }

    // Settling: the faults stop, and the outbox sends what it holds.
    sandbox.control.setSwitches({ failRate: 0, throttleRate: 0, latencyMs: 0 })
    const left = await settle()
    for (const entry of left.entries)
      report.differences.push(
        `outbox entry ${entry.kind} of ${entry.opportunityId} ended ${entry.state}: ${entry.message}`
      )
    const log2 = sandbox.control.requests()
    report.faults.serverErrors = log2.filter((r) => r.status === 500).length
    report.faults.throttled = log2.filter((r) => r.status === 429 || r.status === 409).length
    report.faults.dropped = log2.filter((r) => r.status === 0).length

    compare(model, initial)
    const after = await send<BoardSnapshot>('board.load', { boardId })
    if (!after.ok) report.differences.push(`board.load after settling failed: ${after.error.message}`)
    else compareBoard(after.data)

    return report

    async function operate(n: number): Promise<void> {
      const cards = [...model.entries()]
      const open = cards.filter(([, m]) => m.status === 1 && plain.includes(m.column)).map(([id]) => id)
      const closed = cards.filter(([, m]) => m.status !== 1 && plain.includes(m.column)).map(([id]) => id)
      const kind = rng.weighted([
        ['move', 5],
        ['edit', 2.5],
        ['close', 1.5],
        ['reopen', closed.length ? 1 : 0]
      ] as const)
      report.kinds[kind]++
      if (kind === 'edit') {
        const id = rng.pick(cards.map(([id]) => id))
        const card = seen.get(id)!
        const rename = rng.chance(0.5)
        const changes = rename ? { Name: `Soak edit ${n}` } : { Value: rng.int(1, 400) * 50 }
        const answer = await send<SaveResult>('opportunity.save', {
          id,
          expectedUpdatedOn: card.UpdatedOn ?? null,
          changes,
          overwrite: false
        })
        if (!answer.ok || answer.data.status === 'conflict') return refused(id, answer)
        if (answer.data.status === 'saved') seen.set(id, answer.data.card)
        count(answer.data.status === 'queued')
        const m = model.get(id)!
        if (rename) m.name = `Soak edit ${n}`
        else m.value = (changes as { Value: number }).Value
        return
      }
      const id = rng.pick(kind === 'reopen' ? closed : open)
      const card = seen.get(id)!
      const m = model.get(id)!
      const expected = { columnId: card.CrmBoardColumnId, updatedOn: card.UpdatedOn ?? null }
      let intent: Record<string, unknown>
      if (kind === 'close') {
        const lost = rng.chance(0.5)
        intent = {
          opportunityId: id,
          expected,
          outcome: lost ? { status: 'lost', lossReason: rng.pick([1, 4, 7, 15]) } : { status: 'won' }
        }
      } else {
        const to = rng.pick(plain.filter((c) => kind === 'reopen' || c !== m.column))
        const there = [...model.entries()].filter(
          ([other, o]) => other !== id && o.column === to && o.status === 1
        )
        const before = there.length && rng.chance(0.8) ? rng.pick(there)[0] : null
        intent = {
          opportunityId: id,
          expected,
          to: { columnId: to, afterId: null, beforeId: before },
          ...(kind === 'reopen' ? { outcome: { status: 'open' } } : {})
        }
      }
      const answer = await send<MoveAnswer>('opportunity.move', intent)
      if (!answer.ok) return refused(id, answer)
      if (!('queued' in answer.data)) {
        for (const column of answer.data.columns) for (const c of column.opportunities) seen.set(c.Id, c)
        seen.set(id, answer.data.opportunity)
      }
      count('queued' in answer.data)
      const outcome = intent.outcome as { status: string; lossReason?: number } | undefined
      if (intent.to) m.column = (intent.to as { columnId: number }).columnId
      if (outcome?.status === 'won') [m.status, m.lossReason] = [2, null]
      if (outcome?.status === 'lost') [m.status, m.lossReason] = [3, outcome.lossReason ?? null]
      if (outcome?.status === 'open') [m.status, m.lossReason] = [1, null]
    }

    function count(queued: boolean): void {
      if (queued) report.answers.queued++
      else report.answers.landed++
    }

    /** The user saw it refused (and, on a conflict, the server's card): their change did not happen. */
    function refused(id: number, answer: Result<unknown>): void {
      report.answers.refused++
      if (!answer.ok && answer.error.fresh) seen.set(id, answer.error.fresh)
      const why = answer.ok ? 'a conflict' : `${answer.error.kind}: ${answer.error.message}`
      // Nobody else writes to this sandbox: every refusal is the app's own mistake.
      report.differences.push(`operation on ${id} refused (${why})`)
    }

    async function settle(): Promise<OutboxState> {
      const deadline = Date.now() + 5 * 60_000
      for (;;) {
        const state = await send<OutboxState>('outbox.list')
        if (state.ok && !state.data.entries.some((e) => e.state === 'waiting' || e.state === 'sending'))
          return state.data
        if (Date.now() > deadline)
          return state.ok ? state.data : { entries: [], nextAttemptAt: null, sent: 0, version: 1 }
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }

    function compare(want: Map<number, Model>, before: Map<number, Rec>): void {
      const held = sandbox.control.state.data.opportunities
      const onBoard = [...held.keys()].filter((id) => before.has(id))
      if (onBoard.length !== before.size)
        report.differences.push(`${before.size - onBoard.length} opportunities lost`)
      const extra = [...held.keys()].filter((id) => !everyone.has(id))
      if (extra.length) report.differences.push(`${extra.length} opportunities appeared`)
      const gone = [...everyone].filter((id) => !held.has(id))
      if (gone.length) report.differences.push(`${gone.length} opportunities of other boards lost`)
      for (const [id, m] of want) {
        const now = sandbox.control.getOpportunity(id)
        if (!now) continue
        const got: Model = {
          column: now.CrmBoardColumnId as number,
          status: now.Status as 1 | 2 | 3,
          lossReason: m.status === 3 ? ((now.LossReason as number | null) ?? null) : null,
          name: (now.Name as string | null) ?? null,
          value: (now.Value as number | null) ?? null
        }
        if (JSON.stringify(got) !== JSON.stringify(m))
          report.differences.push(`${id}: sandbox ${JSON.stringify(got)} ≠ model ${JSON.stringify(m)}`)
        if (m.status !== 3 && now.LossReason != null)
          report.differences.push(`${id}: a loss reason but not lost`)
        const was = before.get(id)!
        for (const [key, value] of Object.entries(now))
          if (!MAY_CHANGE.has(key) && JSON.stringify(value) !== JSON.stringify(was[key]))
            report.differences.push(`${id}: ${key} changed though no operation changes it`)
      }
    }

    function compareBoard(snapshot: BoardSnapshot): void {
      const drawn = new Map(unpackCards(snapshot.cards).map((c) => [c.Id, c]))
      for (const [id] of model) {
        const server = sandbox.control.getOpportunity(id)
        const card = drawn.get(id)
        if (!server || !card) {
          report.differences.push(`${id}: ${server ? 'not on the board' : 'not in the sandbox'}`)
          continue
        }
        for (const key of ['CrmBoardColumnId', 'Position', 'Status', 'Name', 'Value', 'UpdatedOn'] as const)
          if ((card[key] ?? null) !== (server[key] ?? null))
            report.differences.push(
              `${id}: the board shows ${key} ${String(card[key])}, the sandbox ${String(server[key])}`
            )
      }
    }
  } finally {
    report.durationMs = Date.now() - started
    await services.dispose()
    await sandbox.close()
    await rm(dir, { recursive: true, force: true })
  }
}
