/**
 * The whole stack in one process, for model-based tests of card moves: the sandbox (the server,
 * reached through `app.fetch`) behind a seeded fault-injecting fetch, main's real services behind
 * the real dispatcher, and the renderer's real Pinia stores behind a bridge that JSON-clones every
 * call, answer and event and delivers them a task later, as IPC does. The user acts through the
 * board store the way the UI does (drops, the drawer's Won/Lost, reopening) and never waits for a
 * save; every report is recorded when it arrives.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPinia, setActivePinia } from 'pinia'
import type { EventName, MethodName, MoveAnswer, Outcome, OutboxSettled } from '../shared/bridge'
import { buildApi, type Invoke, type Subscribe } from '../shared/bridge-api'
import type { OutboxState } from '../shared/outbox'
import type { BridgeError, Result } from '../shared/result'
import { createSandboxApp, createState, DEMO_USERS, type SandboxControl } from '../sandbox'
import { createRng, type Rng } from '../sandbox/prng'
import { createDispatcher } from '../main/bridge/dispatch'
import { createServices, type Services } from '../main/services'
import { setApi } from '../renderer/src/services/api'
import { useBoardStore, type MoveReport } from '../renderer/src/stores/board'
import { useOutboxStore } from '../renderer/src/stores/outbox'

export const BOARD_NAME = 'Memberships & desks'
/** The open stage that refuses cards moved into it (sandbox switch refuseStages). */
export const REFUSING_STAGE = 'Proposal sent'
export const REFUSAL = 'This stage does not accept opportunities moved into it (stack test rule).'
export const LOSS_REASONS = [1, 4, 7, 15] as const

/** Faults in front of the sandbox; all off until `enabled`. */
export interface FaultRates {
  /** Answered 500 without reaching the server. */
  serverError: number
  /** Thrown (TypeError, like a network failure) before reaching the server. */
  dropped: number
  /** The server applied it, then the answer is lost (thrown). */
  answerLost: number
  /** Random delay before the request and before its answer, 0..maxDelayMs each. */
  maxDelayMs: number
}

export const DEFAULT_FAULTS: FaultRates = {
  serverError: 0.04,
  dropped: 0.03,
  answerLost: 0.03,
  maxDelayMs: 8
}
export const NO_FAULTS: FaultRates = { serverError: 0, dropped: 0, answerLost: 0, maxDelayMs: 0 }

export interface PutRecord {
  id: number
  /** The server's CrmBoardColumnId/Status before → after this PUT. */
  before: { column: number; status: number } | null
  after: { column: number; status: number } | null
  /** The PUT changed the card's stage or status. */
  changed: boolean
}

export type UserKind = 'move' | 'won' | 'lost' | 'close-won' | 'close-lost' | 'reopen' | 'refuse'

/** One thing the user did, and what the app told them. */
export interface UserAction {
  n: number
  kind: UserKind
  id: number
  /** Destination stage of a drop; absent for the drawer's Won/Lost. */
  to?: number
  index?: number
  outcome?: Outcome
  /** The shown neighbours the card was dropped between (null: none there). */
  afterId?: number | null
  beforeId?: number | null
  startedAt: number
  report?: MoveReport
  resolvedAt?: number
  /** The outbox entry a queued move became. */
  entryId?: string
}

export interface ColleagueWrite {
  n: number
  id: number
  fields: Record<string, unknown>
  ok: boolean
}

/** A card's stage, status and loss reason (null unless lost). */
export interface Held {
  column: number
  status: number
  lossReason: number | null
}

/** The sandbox's cards of this board, by id. */
export function heldCards(control: SandboxControl, columns: readonly number[]): Map<number, Held> {
  const out = new Map<number, Held>()
  for (const o of control.state.data.opportunities.values())
    if (columns.includes(o.CrmBoardColumnId))
      out.set(o.Id, {
        column: o.CrmBoardColumnId,
        status: o.Status as number,
        lossReason: o.Status === 3 ? ((o.LossReason as number | null | undefined) ?? null) : null
      })
  return out
}

export type LogLine = { n: number; text: string }

export interface Stack {
  control: SandboxControl
  services: Services
  board: ReturnType<typeof useBoardStore>
  outboxStore: ReturnType<typeof useOutboxStore>
  boardId: number
  /** Stage ids of this board. */
  columns: number[]
  openStages: number[]
  wonStage: number
  lostStage: number
  refusingStage: number
  faults: { enabled: boolean; outage: boolean; rates: FaultRates; rng: Rng }
  puts: PutRecord[]
  settled: OutboxSettled[]
  /** Main's outbox as last emitted (synchronously, main side). */
  mainOutbox(): OutboxState
  actions: UserAction[]
  colleague: ColleagueWrite[]
  log: LogLine[]
  /** Cards a colleague wrote to. */
  touched: Set<number>
  /** Every card of the board as the sandbox held it before the first action. */
  initial: Map<number, Held>
  /** Sets the sandbox rule that refuses moves into the refusing stage. */
  refuse(on: boolean): void
  drop(kind: UserKind, id: number, to: number, index: number, outcome?: Outcome): UserAction | null
  close(id: number, outcome: Exclude<Outcome, { status: 'open' }>): UserAction | null
  colleagueWrite(id: number, fields: Record<string, unknown>): ColleagueWrite
  setOutage(on: boolean): void
  /** Faults off, outage over, everything sent and answered (bounded), then one live refresh. */
  settle(timeoutMs?: number): Promise<{ settled: boolean; waited: number }>
  note(text: string): void
  dispose(): Promise<void>
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
const nextTask = () => new Promise<void>((resolve) => setImmediate(resolve))
const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T))

export interface StackOptions {
  seed: number
  rates?: FaultRates
  refusing?: boolean
  /** Also log every opportunity.move sent and what it answered. */
  trace?: boolean
  /** main's log lines (tests may print them on failure). */
  mainLog?: (line: string) => void
}

export async function createStack(options: StackOptions): Promise<Stack> {
  const { app, control } = createSandboxApp(createState({ preset: 'demo', seed: options.seed }))
  // No quotas: the fault wrapper decides what fails.
  control.setSwitches({ limits: null })
  const faults = {
    enabled: false,
    outage: false,
    rates: options.rates ?? DEFAULT_FAULTS,
    rng: createRng(options.seed ^ 0x5eed)
  }
  const puts: PutRecord[] = []
  const held = (id: number) => {
    const o = control.state.data.opportunities.get(id)
    return o ? { column: o.CrmBoardColumnId, status: o.Status as number } : null
  }

  const faultyFetch: typeof fetch = async (input, init) => {
    const request = new Request(input as RequestInfo, init)
    const path = new URL(request.url).pathname.toLowerCase()
    const faulty = faults.enabled && path.startsWith('/api/') && !path.startsWith('/api/token')
    const { rates, rng } = faults
    if (faulty) {
      if (rates.maxDelayMs > 0) await sleep(rng.int(0, rates.maxDelayMs))
      if (faults.outage || rng.next() < rates.dropped) throw new TypeError('fetch failed (stack: dropped)')
      if (rng.next() < rates.serverError)
        return new Response(JSON.stringify({ Message: 'An error has occurred.' }), {
          status: 500,
          headers: { 'content-type': 'application/json' }
        })
    }
    let putId: number | null = null
    if (request.method === 'PUT') {
      const body = (await request
        .clone()
        .json()
        .catch(() => null)) as { Id?: unknown } | null
      if (typeof body?.Id === 'number') putId = body.Id
    }
    const before = putId === null ? null : held(putId)
    const response = await app.fetch(request)
    if (putId !== null) {
      const after = held(putId)
      const changed =
        before !== null &&
        after !== null &&
        (before.column !== after.column || before.status !== after.status)
      puts.push({ id: putId, before, after, changed })
    }
    if (faulty) {
      const lost = rng.next() < rates.answerLost
      if (rates.maxDelayMs > 0) await sleep(rng.int(0, rates.maxDelayMs))
      if (lost || faults.outage) throw new TypeError('fetch failed (stack: answer lost)')
    }
    return response
  }

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>()
  const settled: OutboxSettled[] = []
  let mainOutbox: OutboxState = { entries: [], nextAttemptAt: null, sent: 0, version: 0 }
  const emit = (event: EventName, payload: unknown): void => {
    if (event === 'outbox.changed') mainOutbox = clone(payload as OutboxState)
    if (event === 'outbox.settled') settled.push(clone(payload as OutboxSettled))
    const copy = clone(payload)
    // Delivered a task later, in the order sent, as over IPC.
    setImmediate(() => {
      for (const listener of listeners.get(event) ?? []) listener(clone(copy))
    })
  }

  const dir = await mkdtemp(join(tmpdir(), 'pipeline-stack-'))
  const services = createServices({
    userDataDir: dir,
    secretStore: null,
    // A loopback address (the session takes http only there); requests never leave the process.
    apiUrl: 'http://127.0.0.1:9',
    emit,
    fetch: faultyFetch,
    log: options.mainLog,
    tuning: {
      minIntervalMs: 0,
      writesPerMinute: 0,
      timeoutMs: 2_000,
      retry: { maxAttempts: 4, maxTotalWaitMs: 40, maxBackoffMs: 5 }
    },
    outbox: { backoffMs: [10, 20, 40], maxServerErrors: 6 }
  })
  const dispatch = createDispatcher(services.handlers)

  /** Per card, the answers of `opportunity.move` in the order sent (one per move that went out). */
  const log: LogLine[] = []
  let step = 0
  const moveAnswers = new Map<number, Result<MoveAnswer>[]>()
  const invoke: Invoke = async (method: MethodName, input: unknown) => {
    const sent = clone(input)
    await nextTask()
    const result = clone(await dispatch(method, sent))
    if (method === 'opportunity.move') {
      const id = (sent as { opportunityId: number }).opportunityId
      if (options.trace)
        log.push({
          n: step,
          text: `  move ${JSON.stringify(sent)} → ${JSON.stringify(result.ok ? ('queued' in (result.data as object) ? result.data : 'landed') : result.error).slice(0, 300)}`
        })
      const list = moveAnswers.get(id) ?? []
      list.push(result as Result<MoveAnswer>)
      moveAnswers.set(id, list)
    }
    await nextTask()
    return result
  }
  const subscribe: Subscribe = (event, listener) => {
    const set = listeners.get(event) ?? new Set()
    listeners.set(event, set)
    set.add(listener)
    return () => set.delete(listener)
  }

  const call = async <T>(method: MethodName, input?: unknown): Promise<T> => {
    const result = await dispatch(method, input)
    if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`)
    return result.data as T
  }
  await call('auth.signIn', { ...DEMO_USERS.admin })
  const boards = await call<{ Id: number; Name: string }[]>('boards.list', {})
  const boardId = boards.find((b) => b.Name === BOARD_NAME)?.Id
  if (!boardId) throw new Error(`no board ${BOARD_NAME}`)

  setActivePinia(createPinia())
  setApi(buildApi(invoke, subscribe))
  const outboxStore = useOutboxStore()
  await outboxStore.init()
  const board = useBoardStore()
  await board.load(boardId)
  if (board.status !== 'ready' || board.source !== 'server') throw new Error('the board did not load')

  const cols = board.columns
  const wonStage = cols.find((c) => c.WinOpportunity)?.Id
  const lostStage = cols.find((c) => c.LoseOpportunity)?.Id
  const refusingStage = cols.find((c) => c.Name === REFUSING_STAGE)?.Id
  if (!wonStage || !lostStage || !refusingStage)
    throw new Error('the demo board lacks a Won, Lost or refusing stage')
  const openStages = cols.filter((c) => !c.WinOpportunity && !c.LoseOpportunity).map((c) => c.Id)

  const actions: UserAction[] = []
  const colleague: ColleagueWrite[] = []
  const touched = new Set<number>()
  /** Per card, how many of its reports have been matched to move answers. */
  const matched = new Map<number, number>()

  const note = (text: string) => log.push({ n: step, text })
  const describe = (report: MoveReport) =>
    report.status + (report.error ? ` (${report.error.kind}: ${report.error.message})` : '')

  function track(action: UserAction, moving: Promise<MoveReport>): UserAction {
    actions.push(action)
    note(
      `#${action.n} ${action.kind} ${action.id}` +
        (action.to !== undefined
          ? ` → stage ${action.to} @${action.index} (after ${action.afterId}, before ${action.beforeId})`
          : '') +
        (action.outcome ? ` ${JSON.stringify(action.outcome)}` : '')
    )
    void moving.then((report) => {
      action.report = report
      action.resolvedAt = performance.now()
      if (report.status !== 'cancelled') {
        // The k-th report of a card that went out answers the k-th move of it that was sent.
        const k = matched.get(action.id) ?? 0
        matched.set(action.id, k + 1)
        const answer = moveAnswers.get(action.id)?.[k]
        if (answer?.ok && 'queued' in answer.data) action.entryId = answer.data.queued.id
      }
      log.push({ n: action.n, text: `#${action.n} ${action.kind} ${action.id}: ${describe(report)}` })
    })
    return action
  }

  const stack: Stack = {
    control,
    services,
    board,
    outboxStore,
    boardId,
    columns: cols.map((c) => c.Id),
    openStages,
    wonStage,
    lostStage,
    refusingStage,
    faults,
    puts,
    settled,
    mainOutbox: () => mainOutbox,
    actions,
    colleague,
    log,
    touched,
    initial: heldCards(
      control,
      cols.map((c) => c.Id)
    ),
    refuse(on) {
      control.setSwitches({ refuseStages: on ? { columnIds: [refusingStage], message: REFUSAL } : null })
    },
    drop(kind, id, to, index, outcome) {
      const n = ++step
      const shown = (board.shown[to] ?? []).filter((other) => other !== id)
      const at = Math.max(0, Math.min(index, shown.length))
      const action: UserAction = {
        n,
        kind,
        id,
        to,
        index: at,
        ...(outcome ? { outcome } : {}),
        afterId: shown[at - 1] ?? null,
        beforeId: shown[at] ?? null,
        startedAt: performance.now()
      }
      return track(action, board.moveCard(id, to, at, outcome))
    },
    close(id, outcome) {
      const n = ++step
      return track(
        {
          n,
          kind: outcome.status === 'won' ? 'close-won' : 'close-lost',
          id,
          outcome,
          startedAt: performance.now()
        },
        board.closeCard(id, outcome)
      )
    },
    colleagueWrite(id, fields) {
      const n = ++step
      const outcome = control.patchOpportunity(id, fields)
      const write = { n, id, fields, ok: outcome.ok }
      colleague.push(write)
      if (outcome.ok) touched.add(id)
      note(`#${n} colleague writes ${id} ${JSON.stringify(fields)}${outcome.ok ? '' : ' (refused)'}`)
      return write
    },
    setOutage(on) {
      faults.outage = on
      note(`outage ${on ? 'begins' : 'ends'}`)
    },
    async settle(timeoutMs = 20_000) {
      faults.enabled = false
      faults.outage = false
      const started = performance.now()
      /** Waiting or sending, and not held back by a stopped entry of its own card (those wait for the user). */
      const moving = () => {
        const stopped = new Set<number>()
        return mainOutbox.entries.some((e) => {
          if (e.state === 'failed' || e.state === 'review') stopped.add(e.opportunityId)
          return (e.state === 'waiting' || e.state === 'sending') && !stopped.has(e.opportunityId)
        })
      }
      const busy = () => actions.some((a) => !a.report) || board.pending.size > 0 || moving()
      let retried = false
      while (performance.now() - started < timeoutMs) {
        if (!busy()) {
          // Entries stopped only because Nexudus kept failing while faults were on: sent again once.
          const gaveUp = mainOutbox.entries.filter(
            (e) => e.state === 'failed' && e.message?.startsWith('Nexudus kept failing')
          )
          if (gaveUp.length === 0 || retried) break
          retried = true
          for (const entry of gaveUp) await dispatch('outbox.retry', { id: entry.id })
        }
        await sleep(10)
      }
      const done = !busy()
      await sleep(10)
      // The live refresh the app runs every 30 s.
      await board.pollChanges()
      await sleep(10)
      return { settled: done, waited: Math.round(performance.now() - started) }
    },
    note,
    async dispose() {
      setApi(null)
      await services.dispose()
      await rm(dir, { recursive: true, force: true })
    }
  }
  if (options.refusing ?? true) stack.refuse(true)
  return stack
}

export const errorText = (error: BridgeError | undefined): string =>
  error ? `${error.kind}: ${error.message}` : ''
