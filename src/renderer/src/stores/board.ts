/**
 * The open board: its stages, every opportunity on it by Id, and the order of the open cards of
 * each stage (Nexudus's (Position, Id)). This store wires the board's parts together, each in its
 * own module under board/: the maps and how a server record finds its place (core.ts), what is
 * drawn from them (views.ts), the move queue (move-queue.ts), deletes with their undo time
 * (deletes.ts), the live refresh (live.ts), undo and redo (undo.ts), the toasts (toasts.ts) and
 * opening a board (loading.ts).
 *
 * Opening a board asks for the copy saved on this computer (`board.cached`) and the server's
 * (`board.load`) at once: the saved copy, if it comes first, is drawn straight away (source
 * "cache", no moves) and the server's replaces it when it lands (source "server"), unless a drag
 * or keyboard move is under way (`holdRefresh`), in which case it lands after the drop.
 */
import { computed, ref, shallowRef } from 'vue'
import { acceptHMRUpdate, defineStore } from 'pinia'
import type { BoardProgress, BoardSnapshot, Outcome, OutboxSettled } from '../../../shared/bridge'
import type { CreateInput, CreateResult } from '../../../shared/details'
import type { CrmBoard } from '../../../shared/nexudus'
import type { BoardCard } from '../../../shared/card'
import type { BridgeError, Result } from '../../../shared/result'
import { call, subscribe } from '../services/api'
import { placeAmong, targetAt, type Target } from '../board/order'
import { customerName } from '../board/format'
import { createCore } from '../board/core'
import { createViews } from '../board/views'
import { createMoveQueue, type Job, type MoveReport } from '../board/move-queue'
import { createDeletes } from '../board/deletes'
import { createLive } from '../board/live'
import { createUndo } from '../board/undo'
import { createToasts } from '../board/toasts'
import { drawSnapshot } from '../board/snapshot'
import { afterPaint, createLoader, type BoardSource, type BoardStatus } from '../board/loading'
import { outcomeOf, spotOf, type Spot } from '../board/history'
import { conflictText, failedKeptText, failedText } from '../board/texts'
import { useOutboxStore } from './outbox'
import { useFiltersStore } from './filters'

export type { MoveReport } from '../board/move-queue'
export type { BoardSource, BoardStatus } from '../board/loading'
export type { Toast } from '../board/toasts'
export type { ColumnStats } from '../board/views'
export * from '../board/texts'

const OPEN = 1 as const

export const useBoardStore = defineStore('board', () => {
  const outbox = useOutboxStore()
  const filtering = useFiltersStore()
  const boardId = ref<number | null>(null)
  const status = ref<BoardStatus>('idle')
  const error = ref<BridgeError | null>(null)
  const board = shallowRef<CrmBoard | null>(null)
  const currency = ref<string | null>(null)
  const loadedAt = ref<string | null>(null)
  /** The server refused a move with Forbidden: the user's role may not edit opportunities. */
  const readOnly = ref(false)
  const source = ref<BoardSource | null>(null)
  /** How far `board.load` has got (main's `board.progress`), while it runs. */
  const progress = shallowRef<BoardProgress | null>(null)
  /** `board.load` failed while the saved copy is drawn: it stays, and moves stay off. */
  const refreshError = ref<BridgeError | null>(null)
  /** Moves are allowed on the server's board only, and not with a read-only role. */
  const canMove = computed(() => status.value === 'ready' && source.value === 'server' && !readOnly.value)
  let generation = 0

  const core = createCore({ inOutbox: (id) => outbox.byCard.has(id) })
  const { records, orders, pending, columns, columnIds, columnMap, deleted, placeRecord } = core
  const views = createViews(core, filtering)
  const { toasts, notify, dismissToast } = createToasts()
  const column = (id: number) => columnMap.value.get(id)
  const nameOf = (id: number): string => {
    const r = records.get(id)
    return r ? customerName(r) : `Opportunity ${id}`
  }

  const queue = createMoveQueue({
    records,
    orders,
    pending,
    locate: core.locate,
    placeRecord,
    reconcileColumns: core.reconcileColumns,
    send: (intent) => call((bridge) => bridge.opportunity.move(intent)),
    queued: (entry) =>
      outbox.apply({
        ...outbox.state,
        entries: [...outbox.state.entries.filter((e) => e.id !== entry.id), entry]
      }),
    done(job, landed, how, from) {
      if (how === 'saved' && landed.CrmBoardColumnId !== from)
        filtering.entering(landed, landed.UpdatedOn ?? new Date().toISOString())
      history.remember(job, landed)
    },
    inOutbox: (id) => outbox.byCard.has(id),
    failed: (job, failure, stays) => notify((stays ? failedKeptText : failedText)(nameOf(job.id), failure)),
    unsure: (_job, failure) => {
      notify(failure.message)
      void refresh()
    },
    conflict: (job) => notify(conflictText(nameOf(job.id)), 'info'),
    forbidden: () => (readOnly.value = true)
  })
  const deletes = createDeletes({
    core,
    toasts: { toasts, notify, dismissToast },
    send: (id) => call((bridge) => bridge.opportunity.delete({ id })),
    generation: () => generation,
    forbidden: () => (readOnly.value = true)
  })
  const live = createLive({
    core,
    apply: (snapshot) => apply(snapshot, 'server'),
    changes: (id, since) => call((bridge) => bridge.board.changes({ boardId: id, since })),
    refresh: () => void refresh(),
    live: () => (status.value === 'ready' && source.value === 'server' ? boardId.value : null),
    generation: () => generation
  })
  const history = createUndo({
    move: (id, to, outcome) => enqueue(id, to, to ? wholeIndex(to, id) : 0, outcome, false),
    canMove: () => canMove.value,
    nameOf,
    stageName: (id) => column(id)?.Name ?? '',
    notify: (text) => notify(text, 'info')
  })

  const loader = createLoader(
    { status, error, source, progress, refreshError },
    { generation: () => generation, apply, landServer }
  )

  function clearBoard(): void {
    core.clear()
    queue.reset()
    live.clear()
    history.clear()
    board.value = null
    currency.value = null
    loadedAt.value = null
    source.value = null
    progress.value = null
    refreshError.value = null
  }

  /** Draws a snapshot in place: stages keep their components (and scroll positions). */
  function apply(snapshot: BoardSnapshot, from: BoardSource): void {
    board.value = snapshot.board
    currency.value = snapshot.currency
    loadedAt.value = snapshot.loadedAt
    live.drawn(drawSnapshot(core, snapshot, status.value === 'ready', outbox.entries))
    source.value = from
    refreshError.value = null
    status.value = 'ready'
  }

  /** The server's snapshot arrived: drawn now, or after the drag or keyboard move under way. */
  function landServer(snapshot: BoardSnapshot): void {
    live.landServer(snapshot)
    // After the drawing: the stale signals need the stage history, which the board can do without.
    void afterPaint().then(() => filtering.loadStageTimes())
  }

  /** Opens board `id`: the copy saved on this computer and the server's (board/loading.ts). */
  async function load(id: number): Promise<void> {
    deletes.flushDeletes()
    const mine = ++generation
    clearBoard()
    if (filtering.boardId !== id) filtering.use(id)
    boardId.value = id
    status.value = 'loading'
    error.value = null
    progress.value = null
    await loader.open(mine, id)
  }

  /** Asks the server again, keeping what is drawn (after a failed refresh of the saved copy). */
  function refresh(): Promise<void> {
    if (boardId.value === null) return Promise.resolve()
    refreshError.value = null
    return loader.fetchServer(generation, boardId.value)
  }

  function reload(): Promise<void> {
    return boardId.value === null ? Promise.resolve() : load(boardId.value)
  }

  /** Where a target falls in the destination's whole order (filters may hide some of its cards). */
  function wholeIndex(to: Target, id: number): number {
    return placeAmong(
      (orders[to.columnId] ?? []).filter((other) => other !== id),
      to
    ).index
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
    const before: Spot | undefined = track
      ? { to: spotOf(orders[record.CrmBoardColumnId] ?? [], record), outcome: outcomeOf(record) }
      : undefined
    const job: Job = { id, ...(to ? { to } : {}), ...(effective ? { outcome: effective } : {}), before }
    return queue.enqueue(record, job, index)
  }

  /**
   * Moves card `id` to `index` of stage `toColumnId` (index among that stage's other cards shown,
   * as a drag's newIndex), optionally with an outcome (won, lost with a reason, reopen). The move
   * names the cards around the drop in the stage's whole order (shared/order.ts).
   */
  function moveCard(id: number, toColumnId: number, index: number, outcome?: Outcome): Promise<MoveReport> {
    const seen = targetAt(views.shown.value[toColumnId] ?? [], id, toColumnId, index)
    const at = wholeIndex(seen, id)
    return enqueue(id, targetAt(orders[toColumnId] ?? [], id, toColumnId, at), at, outcome)
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
    queue.confirm(card)
    placeRecord(card)
  }

  /** `opportunity.create`; the new card and its stage, as the server has them, are drawn. */
  async function createOpportunity(input: CreateInput): Promise<Result<CreateResult>> {
    const mine = generation
    const result = await call((bridge) => bridge.opportunity.create(input))
    if (mine !== generation) return result
    if (result.ok) {
      core.reconcileColumns([result.data.column])
      placeRecord(result.data.opportunity)
    } else if (result.error.kind === 'Forbidden') readOnly.value = true
    return result
  }

  /** An outbox entry left main's outbox: the board shows what the server holds now. */
  function onSettled(event: OutboxSettled): void {
    if (status.value !== 'ready' || deleted.has(event.opportunityId)) return
    if (!queue.settled(event)) void reload()
  }
  subscribe('outbox.settled', onSettled)

  function reset(): void {
    deletes.flushDeletes()
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
    pending,
    readOnly,
    toasts,
    source,
    progress,
    refreshError,
    canMove,
    columnIds,
    ...views,
    column,
    nameOf,
    load,
    reload,
    refresh,
    holdRefresh: live.holdRefresh,
    pollChanges: live.pollChanges,
    history: history.history,
    undo: history.undo,
    redo: history.redo,
    moveCard,
    closeCard,
    upsertCard,
    markReadOnly: () => void (readOnly.value = true),
    createOpportunity,
    deleteCard: deletes.deleteCard,
    undoDelete: deletes.undoDelete,
    flushDeletes: deletes.flushDeletes,
    notify,
    dismissToast,
    reset
  }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useBoardStore, import.meta.hot))
