/**
 * The open board: its stages, every opportunity on it by Id, and the order of the open cards of
 * each stage (Nexudus's (Position, Id)). Moving a card is optimistic: the card moves at once and is
 * marked saving, `opportunity.move` is sent with where the user last saw it, and the answer is the
 * truth: the re-read stages replace what we drew, a failure puts the card and its neighbours back
 * exactly, a Conflict shows the server's version. Moves of one card go out one after the other
 * (each expects what the previous one returned); different cards move concurrently.
 *
 * Opening a board asks for the copy saved on this computer (`board.cached`) and the server's
 * (`board.load`) at once: the saved copy, if it comes first, is drawn straight away (source
 * "cache", no moves) and the server's replaces it when it lands (source "server"), unless a drag
 * or keyboard move is under way (`holdRefresh`), in which case it lands after the drop.
 *
 * The details drawer (issue 5) comes through here too: a saved card replaces its record and finds
 * its place again (`upsertCard`), a created one arrives with its stage re-read (`createOpportunity`),
 * and a deleted one leaves at once but is only deleted on the server once its few seconds to undo
 * are over (`deleteCard`, `undoDelete`; `flushDeletes` sends them at once when the page goes away).
 */
import { computed, ref, shallowReactive, shallowRef } from 'vue'
import { acceptHMRUpdate, defineStore } from 'pinia'
import type {
  BoardProgress,
  BoardSnapshot,
  MoveIntent,
  MoveResult,
  Outcome,
  OutboxSettled
} from '../../../shared/bridge'
import type { CreateInput, CreateResult } from '../../../shared/details'
import type { CrmBoard, CrmBoardColumn } from '../../../shared/nexudus'
import type { BoardCard } from '../../../shared/card'
import type { BridgeError, Result } from '../../../shared/result'
import { call, subscribe } from '../services/api'
import { takeEarly } from '../services/early-cache'
import { unpackCards } from '../../../shared/card-table'
import { errorText } from '../services/errors'
import {
  byPosition,
  deriveOrders,
  intentFor,
  mergePending,
  placeAt,
  restoreInto,
  sortedIndex,
  without,
  type Target
} from '../board/order'
import { customerName } from '../board/format'
import { useOutboxStore } from './outbox'
import { useFiltersStore } from './filters'
import {
  outcomeOf,
  record as recordStep,
  redone as redoneStep,
  spotOf,
  undone as undoneStep,
  type History,
  type Spot,
  type Step
} from '../board/history'
import { parseInstant, sameInstant } from '../../../shared/instant'

/** The latest UpdatedOn among the cards, as the server wrote it. */
function latestUpdate(cards: readonly BoardCard[]): string | null {
  let latest: string | null = null
  let at = Number.NEGATIVE_INFINITY
  for (const card of cards) {
    const ms = card.UpdatedOn ? parseInstant(card.UpdatedOn)?.ms : undefined
    if (ms !== undefined && ms > at) [at, latest] = [ms, card.UpdatedOn!]
  }
  return latest
}

/** Resolves once the browser has drawn what is on screen now (a frame, then a task). */
function afterPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve()
  return new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))
}

export type BoardStatus = 'idle' | 'loading' | 'ready' | 'error'
/** Where the board drawn comes from: the copy saved on this computer, or the server. */
export type BoardSource = 'cache' | 'server'

export interface MoveReport {
  /** queued: Nexudus could not be reached; main's outbox keeps it, and the card says so. */
  status: 'saved' | 'queued' | 'failed' | 'conflict' | 'forbidden' | 'cancelled'
  error?: BridgeError
}

export interface Toast {
  id: number
  text: string
  tone: 'error' | 'info'
  /** A button beside the text (e.g. "Undo"); the toast goes once it is pressed. */
  action?: { label: string; run: () => void }
}

export interface ColumnStats {
  count: number
  total: number
}

export const READ_ONLY_TEXT =
  "You may not edit opportunities: your Nexudus role lacks CrmOpportunity-Edit. Cards can't be moved."

/** While the saved copy is drawn (source "cache"). */
export const NOT_YET_TEXT = 'Cards can be moved once the board is up to date.'

export const conflictText = (name: string): string =>
  `${name} was changed by someone else; the board shows the latest version.`

export const failedText = (name: string, error: BridgeError): string =>
  `Couldn't move ${name}: ${errorText(error).replace(/[.\s]+$/, '')}. It is back where it was.`

/** How often the board asks for what colleagues changed (and whenever the window comes back). */
export const LIVE_REFRESH_MS = 30_000

/** How long a deleted card can be brought back before `opportunity.delete` is sent. */
export const UNDO_MS = 5_000
/** During the undo time nothing is deleted yet, and the words say so. */
export const deletingText = (name: string): string => `${name} will be deleted in a few seconds.`
export const deletedText = (name: string): string => `${name} was deleted in Nexudus.`

export const deleteFailedText = (name: string, error: BridgeError): string =>
  `Couldn't delete ${name}: ${errorText(error).replace(/[.\s]+$/, '')}. It is back on the board.`

/** What one optimistic move changed, to undo it exactly. */
interface Undo {
  /** Per stage: the order before, and the order this move set (to tell if anyone changed it since). */
  columns: Map<number, { before: readonly number[]; after: readonly number[] }>
  record: BoardCard
}

/** A card deleted on the board whose `opportunity.delete` waits for the undo time, or is out. */
interface PendingDelete {
  record: BoardCard
  /** Its stage's order before and after it left (null: a closed card, in no order). */
  columnId: number | null
  before: readonly number[]
  after: readonly number[]
  toastId: number
  timer: ReturnType<typeof setTimeout> | null
  generation: number
}

interface Job {
  id: number
  to?: Target
  outcome?: Outcome
  undo: Undo
  generation: number
  resolve: (report: MoveReport) => void
  /** Where the card was before this move, for undo (absent for undo's and redo's own moves). */
  before?: Spot
}

const OPEN = 1 as const

export const useBoardStore = defineStore('board', () => {
  const outbox = useOutboxStore()
  const filtering = useFiltersStore()
  /** Moves that Ctrl+Z can undo, and undone ones Ctrl+Shift+Z can redo, for this board. */
  const history = shallowRef<History>({ past: [], future: [] })
  const boardId = ref<number | null>(null)
  const status = ref<BoardStatus>('idle')
  const error = ref<BridgeError | null>(null)
  const board = shallowRef<CrmBoard | null>(null)
  const columns = shallowRef<CrmBoardColumn[]>([])
  const currency = ref<string | null>(null)
  const loadedAt = ref<string | null>(null)
  /** Every opportunity of the board by Id; records are replaced, never changed in place. */
  const records = shallowReactive(new Map<number, BoardCard>())
  /** Open card ids per stage, top to bottom; arrays are replaced, never changed in place. */
  const orders = shallowReactive<Record<number, readonly number[]>>({})
  /** Card id → moves not yet answered (queued or in flight). */
  const pending = shallowReactive(new Map<number, number>())
  /** The server refused a move with Forbidden: the user's role may not edit opportunities. */
  const readOnly = ref(false)
  const toasts = ref<Toast[]>([])
  const source = ref<BoardSource | null>(null)
  /** How far `board.load` has got (main's `board.progress`), while it runs. */
  const progress = shallowRef<BoardProgress | null>(null)
  /** `board.load` failed while the saved copy is drawn: it stays, and moves stay off. */
  const refreshError = ref<BridgeError | null>(null)
  /** Moves are allowed on the server's board only, and not with a read-only role. */
  const canMove = computed(() => status.value === 'ready' && source.value === 'server' && !readOnly.value)

  const columnIds = computed(() => columns.value.map((c) => c.Id))
  const columnMap = computed(() => new Map(columns.value.map((c) => [c.Id, c])))

  /** Count and total Value of the open cards of every stage (all of them, drawn or not). */
  const stats = computed(() => {
    const out: Record<number, ColumnStats> = {}
    for (const id of columnIds.value) {
      let total = 0
      const order = orders[id] ?? []
      for (const cardId of order) total += records.get(cardId)?.Value ?? 0
      out[id] = { count: order.length, total }
    }
    return out
  })

  /**
   * The open cards drawn per stage: all of them, or those the filter bar lets through. Drops and
   * keyboard moves are read against this order, and a move then goes between the cards seen.
   */
  const shown = computed<Readonly<Record<number, readonly number[]>>>(() => {
    if (!filtering.active) return orders
    const out: Record<number, readonly number[]> = {}
    for (const id of columnIds.value)
      out[id] = (orders[id] ?? []).filter((card) => {
        const record = records.get(card)
        return record !== undefined && filtering.matches(record)
      })
    return out
  })

  /** Count and total of what is shown per stage (equal to `stats` without filters). */
  const shownStats = computed(() => {
    if (!filtering.active) return stats.value
    const out: Record<number, ColumnStats> = {}
    for (const id of columnIds.value) {
      let total = 0
      const order = shown.value[id] ?? []
      for (const cardId of order) total += records.get(cardId)?.Value ?? 0
      out[id] = { count: order.length, total }
    }
    return out
  })

  const totals = computed<ColumnStats>(() =>
    Object.values(stats.value).reduce((a, s) => ({ count: a.count + s.count, total: a.total + s.total }), {
      count: 0,
      total: 0
    })
  )

  /** Won and lost opportunities of this board, most recently closed first. */
  const closed = computed(() => {
    const won: BoardCard[] = []
    const lost: BoardCard[] = []
    for (const r of records.values()) {
      if (!columnMap.value.has(r.CrmBoardColumnId)) continue
      if (r.Status === 2) won.push(r)
      else if (r.Status === 3) lost.push(r)
    }
    const recent = (key: 'WonOn' | 'LostOn') => (a: BoardCard, b: BoardCard) =>
      (b[key] ?? '').localeCompare(a[key] ?? '') || b.Id - a.Id
    return { won: won.sort(recent('WonOn')), lost: lost.sort(recent('LostOn')) }
  })

  const column = (id: number): CrmBoardColumn | undefined => columnMap.value.get(id)
  const nameOf = (id: number): string => {
    const r = records.get(id)
    return r ? customerName(r) : `Opportunity ${id}`
  }

  let generation = 0
  let toastSeq = 0
  /** A drag or keyboard move is under way: a server snapshot waits in `waiting` until it ends. */
  let held = false
  let waiting: BoardSnapshot | null = null
  /** Changed cards that came during a drag: merged once it ends. */
  let waitingChanges: BoardCard[] = []
  /** The latest UpdatedOn the server has shown for this board: where the next `board.changes` starts. */
  let changesSince: string | null = null
  let polling = false
  const queues = new Map<number, Job[]>()
  /** Per card with moves outstanding: the server's record as last seen, for `expected`. */
  const lastSeen = new Map<number, BoardCard>()
  /** Cards deleted here whose delete waits for its undo time, or for the server's answer. */
  const deleting = new Map<number, PendingDelete>()
  /** Every card deleted here (pending or done): a snapshot or a re-read never brings one back. */
  const deleted = new Set<number>()

  function clearBoard(): void {
    records.clear()
    for (const key of Object.keys(orders)) delete orders[Number(key)]
    pending.clear()
    queues.clear()
    lastSeen.clear()
    board.value = null
    columns.value = []
    currency.value = null
    loadedAt.value = null
    source.value = null
    progress.value = null
    refreshError.value = null
    waiting = null
    waitingChanges = []
    changesSince = null
    history.value = { past: [], future: [] }
  }

  /** Draws a snapshot in place: stages keep their components (and scroll positions). */
  function apply(snapshot: BoardSnapshot, from: BoardSource): void {
    board.value = snapshot.board
    columns.value = snapshot.columns
    currency.value = snapshot.currency
    loadedAt.value = snapshot.loadedAt
    const unpacked = unpackCards(snapshot.cards)
    const cards = deleted.size ? unpacked.filter((r) => !deleted.has(r.Id)) : unpacked
    // Cards whose move is on its way or waits in the outbox stay as the user left them.
    const kept = status.value === 'ready' ? [...records.values()].filter((r) => inFlight(r.Id)) : []
    const before = kept.length ? { ...orders } : null
    records.clear()
    for (const r of cards) records.set(r.Id, r)
    for (const r of kept) records.set(r.Id, r)
    const next = deriveOrders(cards, columnIds.value)
    overlayOutbox(next, kept)
    if (before)
      for (const col of columnIds.value)
        next[col] = mergePending(next[col] ?? [], before[col] ?? [], inFlight)
    for (const key of Object.keys(orders)) if (!(key in next)) delete orders[Number(key)]
    Object.assign(orders, next)
    source.value = from
    refreshError.value = null
    status.value = 'ready'
    changesSince = latestUpdate(cards)
  }

  /**
   * Moves waiting in main's outbox that this window did not make (an earlier run, another board
   * opened since): the card is shown in the stage it goes to, at the top, as not saved yet.
   */
  function overlayOutbox(next: Record<number, readonly number[]>, kept: readonly BoardCard[]): void {
    const mine = new Set(kept.map((r) => r.Id))
    for (const entry of outbox.entries) {
      const record = records.get(entry.opportunityId)
      const to = entry.toColumnId
      if (entry.kind !== 'move' || !record || mine.has(record.Id) || to === null || !(to in next)) continue
      // Won or lost: it leaves the stages either way; its card already says it is not saved.
      if (entry.outcome === 'won' || entry.outcome === 'lost') continue
      for (const col of Object.keys(next)) next[Number(col)] = without(next[Number(col)]!, record.Id)
      records.set(record.Id, { ...record, CrmBoardColumnId: to, Status: OPEN })
      next[to] = [record.Id, ...next[to]!]
    }
  }

  /** The server's snapshot arrived: drawn now, or after the drag or keyboard move under way. */
  function landServer(snapshot: BoardSnapshot): void {
    if (held) waiting = snapshot
    else apply(snapshot, 'server')
    // After the drawing: the stale signals need the stage history, which the board can do without.
    void afterPaint().then(() => filtering.loadStageTimes())
  }

  /** `board.load` for the current board; its answer is dropped if another board was opened since. */
  async function fetchServer(mine: number, id: number): Promise<void> {
    const stop = subscribe('board.progress', (p) => {
      if (mine === generation && p.boardId === id) progress.value = p
    })
    const result = await call((bridge) => bridge.board.load({ boardId: id }))
    stop()
    if (mine !== generation) return
    progress.value = null
    if (result.ok) return landServer(result.data)
    if (source.value === 'cache') {
      refreshError.value = result.error
      return
    }
    error.value = result.error
    status.value = 'error'
  }

  /**
   * Opens a board: its saved copy (`board.cached`, drawn if it comes before the server's) and the
   * server's (`board.load`). A missing or failed saved copy is simply not drawn. At app start
   * (the saved copy was asked for early, services/early-cache.ts) the saved copy is drawn first
   * and the server asked right after: on two cores, reading 5,000 cards from the server at the
   * same time slowed the first drawing by more than it brought the fresh board forward. Otherwise
   * (sign-in, picking a board) both are asked at once.
   */
  async function load(id: number): Promise<void> {
    flushDeletes()
    const mine = ++generation
    clearBoard()
    if (filtering.boardId !== id) filtering.use(id)
    boardId.value = id
    status.value = 'loading'
    error.value = null
    progress.value = null
    const early = takeEarly(id)
    const cached = (early ?? call((bridge) => bridge.board.cached({ boardId: id }))).then((result) => {
      if (mine !== generation || source.value !== null || !result.ok || !result.data) return false
      if (result.data.board.Id !== id) return false
      // The server's load already failed: show the saved copy, and why it is not refreshed.
      const failed = status.value === 'error' ? error.value : null
      apply(result.data, 'cache')
      if (failed) {
        error.value = null
        refreshError.value = failed
      }
      return true
    })
    if (!early) {
      await Promise.all([fetchServer(mine, id), cached])
      return
    }
    if (await cached) await afterPaint()
    if (mine === generation) await fetchServer(mine, id)
  }

  /** Asks the server again, keeping what is drawn (after a failed refresh of the saved copy). */
  function refresh(): Promise<void> {
    if (boardId.value === null) return Promise.resolve()
    refreshError.value = null
    return fetchServer(generation, boardId.value)
  }

  /** While on, a server snapshot that arrives waits; turning it off draws the one waiting. */
  function holdRefresh(on: boolean): void {
    held = on
    if (on) return
    const changed = waitingChanges
    waitingChanges = []
    if (waiting) {
      const snapshot = waiting
      waiting = null
      apply(snapshot, 'server')
    }
    for (const card of changed) mergeChanged(card)
  }

  /**
   * The live refresh (every 30 s and when the window comes back, BoardView): cards changed on the
   * server since the last look are merged in place. A drag under way is not disturbed (they wait
   * for the drop); a card being moved or waiting in the outbox keeps the user's version, and its own
   * write settles it.
   */
  async function pollChanges(): Promise<number> {
    const id = boardId.value
    const since = changesSince
    if (polling || id === null || since === null || status.value !== 'ready' || source.value !== 'server')
      return 0
    polling = true
    const mine = generation
    try {
      const result = await call((bridge) => bridge.board.changes({ boardId: id, since }))
      if (mine !== generation || !result.ok) return 0
      changesSince = result.data.through
      let merged = 0
      for (const card of result.data.cards) {
        if (held) waitingChanges.push(card)
        else if (mergeChanged(card)) merged++
      }
      // Fewer on the server than drawn here: some were deleted, or moved to another board,
      // elsewhere (UpdatedOn cannot show those). The board is read again, in place.
      if (result.data.total < records.size) void refresh()
      return merged
    } finally {
      polling = false
    }
  }

  /** One card as the server has it now; false when it changes nothing drawn. */
  function mergeChanged(card: BoardCard): boolean {
    if (deleted.has(card.Id) || inFlight(card.Id) || !columnMap.value.has(card.CrmBoardColumnId)) return false
    const known = records.get(card.Id)
    if (
      known &&
      sameInstant(known.UpdatedOn, card.UpdatedOn) &&
      known.CrmBoardColumnId === card.CrmBoardColumnId &&
      known.Position === card.Position &&
      known.Status === card.Status
    )
      return false
    placeRecord(card)
    return true
  }

  function reload(): Promise<void> {
    return boardId.value === null ? Promise.resolve() : load(boardId.value)
  }

  /** Its move is on its way, or waits in main's outbox: it stays where the user put it. */
  const inFlight = (id: number): boolean => (pending.get(id) ?? 0) > 0 || outbox.byCard.has(id)

  /** The stage whose order holds card `id`, if any. */
  function locate(id: number): number | null {
    const hint = records.get(id)?.CrmBoardColumnId
    if (hint !== undefined && orders[hint]?.includes(id)) return hint
    for (const col of columnIds.value) if (orders[col]?.includes(id)) return col
    return null
  }

  /** Puts a record where the server says it is: its stage by (Position, Id), or nowhere if closed. */
  function placeRecord(record: BoardCard): void {
    records.set(record.Id, record)
    const now = locate(record.Id)
    if (now !== null) orders[now] = without(orders[now]!, record.Id)
    const col = record.CrmBoardColumnId
    if (record.Status !== OPEN || !columnMap.value.has(col)) return
    const order = orders[col] ?? []
    const at = sortedIndex(order, record, (other) => records.get(other))
    orders[col] = placeAt(order, record.Id, at)
  }

  function applyOptimistic(record: BoardCard, to: Target | undefined, index: number, outcome?: Outcome) {
    const undo: Undo = { columns: new Map(), record }
    if (!to) return undo
    const set = (col: number, next: readonly number[]) => {
      const entry = undo.columns.get(col)
      if (entry) entry.after = next
      else undo.columns.set(col, { before: orders[col] ?? [], after: next })
      orders[col] = next
    }
    const from = locate(record.Id)
    if (from !== null && from !== to.columnId) set(from, without(orders[from]!, record.Id))
    set(to.columnId, placeAt(orders[to.columnId] ?? [], record.Id, index))
    records.set(record.Id, {
      ...record,
      CrmBoardColumnId: to.columnId,
      ...(outcome?.status === 'open' ? { Status: OPEN } : {})
    })
    return undo
  }

  /** Undoes one optimistic move: exactly, or around whatever other moves changed since. */
  function rollback(job: Job): void {
    for (const [col, { before, after }] of job.undo.columns) {
      const current = orders[col] ?? []
      if (current === after) orders[col] = before
      else if (before.includes(job.id)) orders[col] = restoreInto(current, job.id, before)
      else orders[col] = without(current, job.id)
    }
    records.set(job.id, job.undo.record)
  }

  /** Replaces what we drew of the re-read stages with the server's truth. */
  function reconcile(job: Job, data: MoveResult): void {
    reconcileColumns(data.columns)
    if (!inFlight(job.id)) placeRecord(data.opportunity)
  }

  /** Re-read stages (all statuses) replace what we drew of them; cards being moved stay put. */
  function reconcileColumns(reread: MoveResult['columns']): void {
    for (const { columnId, window, ...rest } of reread) {
      if (!columnMap.value.has(columnId)) continue
      const opportunities = rest.opportunities.filter((o) => !deleted.has(o.Id))
      const here = new Set(opportunities.map((o) => o.Id))
      // A window re-read speaks only for the cards whose Position falls in it.
      const covers = (r: BoardCard) => !window || (r.Position >= window.from && r.Position <= window.to)
      for (const r of [...records.values()]) {
        if (r.CrmBoardColumnId === columnId && covers(r) && !here.has(r.Id) && !inFlight(r.Id))
          records.delete(r.Id)
      }
      for (const o of opportunities) if (!inFlight(o.Id)) records.set(o.Id, o)
      const stage = window
        ? [...records.values()].filter((r) => r.CrmBoardColumnId === columnId && !inFlight(r.Id))
        : opportunities
      const server = stage
        .filter((o) => o.Status === OPEN)
        .sort(byPosition)
        .map((o) => o.Id)
      orders[columnId] = mergePending(server, orders[columnId] ?? [], inFlight)
    }
    for (const col of columnIds.value) {
      // A card the server moved out of a stage it did not re-read.
      const stale = (orders[col] ?? []).filter((id) => !records.has(id))
      if (stale.length) orders[col] = (orders[col] ?? []).filter((id) => records.has(id))
    }
  }

  function notify(text: string, tone: Toast['tone'] = 'error', action?: Toast['action']): number {
    const id = ++toastSeq
    toasts.value = [...toasts.value, { id, text, tone, ...(action ? { action } : {}) }]
    return id
  }

  function dismissToast(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id)
  }

  function release(id: number): void {
    const left = (pending.get(id) ?? 1) - 1
    if (left > 0) pending.set(id, left)
    else pending.delete(id)
  }

  async function run(job: Job): Promise<void> {
    const seen = lastSeen.get(job.id) ?? job.undo.record
    const intent: MoveIntent = {
      opportunityId: job.id,
      expected: { columnId: seen.CrmBoardColumnId, updatedOn: seen.UpdatedOn ?? null },
      ...(job.to ? { to: job.to } : {}),
      ...(job.outcome ? { outcome: job.outcome } : {})
    }
    const result = await call((bridge) => bridge.opportunity.move(intent))
    if (job.generation !== generation) return job.resolve({ status: 'cancelled' })
    const queue = queues.get(job.id) ?? []
    queue.shift()
    release(job.id)
    if (result.ok) {
      const data = result.data
      if ('queued' in data) {
        // Kept by main's outbox: the card stays where the user put it, marked as not saved yet,
        // and what it lands as arrives with `outbox.settled`. A later move goes behind it in main.
        const entry = data.queued
        outbox.apply({
          ...outbox.state,
          entries: [...outbox.state.entries.filter((e) => e.id !== entry.id), entry]
        })
        remember(job, records.get(job.id))
        job.resolve({ status: 'queued' })
      } else {
        lastSeen.set(job.id, data.opportunity)
        reconcile(job, data)
        const landedIn = data.opportunity.CrmBoardColumnId
        if (landedIn !== job.undo.record.CrmBoardColumnId)
          filtering.entering(data.opportunity, data.opportunity.UpdatedOn ?? new Date().toISOString())
        remember(job, data.opportunity)
        job.resolve({ status: 'saved' })
      }
      if (queue.length) return run(queue[0]!)
      queues.delete(job.id)
      lastSeen.delete(job.id)
      return
    }
    // Later moves of this card built on this one: they go back too, unsent, newest first.
    for (const later of queue.splice(0).reverse()) {
      release(later.id)
      rollback(later)
      later.resolve({ status: 'cancelled' })
    }
    queues.delete(job.id)
    lastSeen.delete(job.id)
    rollback(job)
    const failure = result.error
    const name = nameOf(job.id)
    if (failure.kind === 'Conflict' && failure.fresh) {
      placeRecord(failure.fresh)
      notify(conflictText(name), 'info')
      return job.resolve({ status: 'conflict', error: failure })
    }
    if (failure.kind === 'Forbidden') {
      readOnly.value = true
      return job.resolve({ status: 'forbidden', error: failure })
    }
    notify(failedText(name, failure))
    job.resolve({ status: 'failed', error: failure })
  }

  function enqueue(
    id: number,
    to: Target | undefined,
    index: number,
    outcome?: Outcome,
    track = true
  ): Promise<MoveReport> {
    const record = records.get(id)
    if (!record || status.value !== 'ready' || source.value !== 'server') {
      return Promise.resolve({ status: 'cancelled' })
    }
    if (readOnly.value) return Promise.resolve({ status: 'forbidden' })
    // A closed card dropped on a stage is reopened.
    const effective: Outcome | undefined =
      outcome ?? (to && record.Status !== OPEN ? { status: 'open' } : undefined)
    if (!lastSeen.has(id)) lastSeen.set(id, record)
    const before: Spot | undefined = track
      ? { to: spotOf(orders[record.CrmBoardColumnId] ?? [], record), outcome: outcomeOf(record) }
      : undefined
    const undo = applyOptimistic(record, to, index, effective)
    pending.set(id, (pending.get(id) ?? 0) + 1)
    return new Promise<MoveReport>((resolve) => {
      const job: Job = { id, to, outcome: effective, undo, generation, resolve, before }
      const queue = queues.get(id) ?? []
      queues.set(id, queue)
      queue.push(job)
      if (queue.length === 1) void run(job)
    })
  }

  /**
   * Moves card `id` to `index` of stage `toColumnId` (index among that stage's other cards, as a
   * drag's newIndex), optionally with an outcome (won, lost with a reason, reopen).
   */
  function moveCard(id: number, toColumnId: number, index: number, outcome?: Outcome): Promise<MoveReport> {
    // `index` is among the cards shown; the card goes between those it was dropped between.
    const to = intentFor(shown.value[toColumnId] ?? [], id, toColumnId, index)
    return enqueue(id, to, fullIndex(orders[toColumnId] ?? [], id, to), outcome)
  }

  /** A user's move that went through (or waits in the outbox) can be undone. */
  function remember(job: Job, landed: BoardCard | undefined): void {
    if (!job.before || !landed) return
    const after: Spot = { to: job.to ?? null, outcome: job.outcome ?? outcomeOf(landed) }
    history.value = recordStep(history.value, { id: job.id, before: job.before, after })
  }

  /** Sends a card to a spot of its history: a move like any other, not recorded again. */
  async function replay(step: Step, spot: Spot, done: string): Promise<MoveReport> {
    const record = records.get(step.id)
    if (!record) return { status: 'cancelled' }
    const to = spot.to ?? undefined
    const index = to ? fullIndex(orders[to.columnId] ?? [], step.id, to) : 0
    const report = await enqueue(step.id, to, index, spot.outcome, false)
    if (report.status === 'saved' || report.status === 'queued') notify(done, 'info')
    return report
  }

  /**
   * Ctrl+Z: the last move or won/lost goes back, with the card between its old neighbours and in
   * its old state; Ctrl+Shift+Z: the last undone one again. A refusal leaves the history as it was.
   */
  async function travel(way: 'undo' | 'redo'): Promise<MoveReport | null> {
    const taken = (way === 'undo' ? undoneStep : redoneStep)(history.value)
    if (!taken || !canMove.value) return null
    const previous = history.value
    history.value = taken.history
    const { step } = taken
    const spot = way === 'undo' ? step.before : step.after
    const where = spot.to ? (column(spot.to.columnId)?.Name ?? '') : ''
    const name = nameOf(step.id)
    const done =
      way === 'undo'
        ? `Undone: ${name} is back${where ? ` in ${where}` : ''}.`
        : `Redone: ${name}${where ? ` is in ${where}` : ''}.`
    const report = await replay(step, spot, done)
    if (report.status !== 'saved' && report.status !== 'queued' && history.value === taken.history)
      history.value = previous
    return report
  }
  const undo = () => travel('undo')
  const redo = () => travel('redo')

  /** Where a target between two cards falls in the stage's whole order (filters may hide cards). */
  function fullIndex(order: readonly number[], id: number, to: Target): number {
    const rest = order.filter((other) => other !== id)
    if (to.afterId !== null && rest.includes(to.afterId)) return rest.indexOf(to.afterId) + 1
    if (to.beforeId !== null && rest.includes(to.beforeId)) return rest.indexOf(to.beforeId)
    return to.afterId !== null ? rest.length : 0
  }

  /** Marks a card won or lost where it stands (the drawer's Won and Lost zones). */
  function closeCard(id: number, outcome: Exclude<Outcome, { status: 'open' }>): Promise<MoveReport> {
    return enqueue(id, undefined, 0, outcome)
  }

  /**
   * A card as the server has it now (the drawer saved it): its record is replaced and its place
   * worked out again, in another stage, or out of the stages when it was won or lost.
   */
  function upsertCard(card: BoardCard): void {
    if (deleted.has(card.Id) || status.value !== 'ready') return
    if (lastSeen.has(card.Id)) lastSeen.set(card.Id, card)
    placeRecord(card)
  }

  /** The server refused an edit with Forbidden: the user's role may not edit opportunities. */
  function markReadOnly(): void {
    readOnly.value = true
  }

  /** `opportunity.create`; the new card and its stage, as the server has them, are drawn. */
  async function createOpportunity(input: CreateInput): Promise<Result<CreateResult>> {
    const mine = generation
    const result = await call((bridge) => bridge.opportunity.create(input))
    if (mine !== generation) return result
    if (result.ok) {
      reconcileColumns([result.data.column])
      placeRecord(result.data.opportunity)
    } else if (result.error.kind === 'Forbidden') readOnly.value = true
    return result
  }

  /**
   * Takes card `id` off the board at once and offers "Undo" for UNDO_MS; only then is
   * `opportunity.delete` sent. False when there is no such card or it is being moved. `onUndo`
   * runs once the card is back (to give it focus).
   */
  function deleteCard(id: number, onUndo?: () => void): boolean {
    const record = records.get(id)
    if (!record || deleted.has(id) || inFlight(id)) return false
    const columnId = locate(id)
    const before = columnId === null ? [] : (orders[columnId] ?? [])
    const after = columnId === null ? [] : without(before, id)
    if (columnId !== null) orders[columnId] = after
    records.delete(id)
    lastSeen.delete(id)
    const undo = () => {
      if (undoDelete(id)) onUndo?.()
    }
    const toastId = notify(deletingText(customerName(record)), 'info', { label: 'Undo', run: undo })
    const timer = setTimeout(() => void sendDelete(id), UNDO_MS)
    deleting.set(id, { record, columnId, before, after, toastId, timer, generation })
    deleted.add(id)
    return true
  }

  /** Puts a deleted card back where it was: exactly, or as near as the stage allows now. */
  function restore(entry: PendingDelete): void {
    const id = entry.record.Id
    deleted.delete(id)
    records.set(id, entry.record)
    const col = entry.columnId
    if (col === null || !columnMap.value.has(col)) return
    const current = orders[col] ?? []
    orders[col] = current === entry.after ? entry.before : restoreInto(current, id, entry.before)
  }

  /** "Undo" within the undo time: the card comes back and nothing is sent. */
  function undoDelete(id: number): boolean {
    const entry = deleting.get(id)
    if (!entry || entry.timer === null) return false
    clearTimeout(entry.timer)
    deleting.delete(id)
    dismissToast(entry.toastId)
    if (entry.generation === generation) restore(entry)
    else deleted.delete(id)
    return true
  }

  async function sendDelete(id: number): Promise<void> {
    const entry = deleting.get(id)
    if (!entry || entry.timer === null) return
    clearTimeout(entry.timer)
    entry.timer = null
    dismissToast(entry.toastId)
    const result = await call((bridge) => bridge.opportunity.delete({ id }))
    deleting.delete(id)
    // Already gone is what the user asked for.
    if (result.ok || result.error.kind === 'NotFound') {
      notify(deletedText(customerName(entry.record)), 'info')
      return
    }
    const here = entry.generation === generation
    if (here && result.error.kind === 'Forbidden') readOnly.value = true
    if (here) restore(entry)
    else deleted.delete(id)
    notify(deleteFailedText(customerName(entry.record), result.error))
  }

  /** Sends every delete still in its undo time at once (the window is closing, the board changing). */
  function flushDeletes(): void {
    for (const [id, entry] of deleting) if (entry.timer !== null) void sendDelete(id)
  }

  /** An outbox entry left main's outbox: the board shows what the server holds now. */
  function onSettled(event: OutboxSettled): void {
    if (status.value !== 'ready' || deleted.has(event.opportunityId)) return
    if (event.kind === 'move') {
      reconcileColumns(event.result.columns)
      if (!inFlight(event.opportunityId)) placeRecord(event.result.opportunity)
      return
    }
    if (event.kind === 'save') {
      if (event.result.status === 'saved' && !inFlight(event.opportunityId)) placeRecord(event.result.card)
      return
    }
    if (inFlight(event.opportunityId)) return
    if (event.fresh) placeRecord(event.fresh)
    else void reload()
  }
  subscribe('outbox.settled', onSettled)

  function reset(): void {
    flushDeletes()
    generation++
    clearBoard()
    boardId.value = null
    status.value = 'idle'
    error.value = null
    readOnly.value = false
    toasts.value = []
  }

  return {
    boardId,
    status,
    error,
    board,
    columns,
    currency,
    loadedAt,
    records,
    orders,
    shown,
    pending,
    readOnly,
    toasts,
    source,
    progress,
    refreshError,
    canMove,
    columnIds,
    stats,
    shownStats,
    totals,
    closed,
    column,
    nameOf,
    load,
    reload,
    refresh,
    holdRefresh,
    pollChanges,
    history,
    undo,
    redo,
    moveCard,
    closeCard,
    upsertCard,
    markReadOnly,
    createOpportunity,
    deleteCard,
    undoDelete,
    flushDeletes,
    notify,
    dismissToast,
    reset
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBoardStore, import.meta.hot))
