// @vitest-environment jsdom
/**
 * The board store and what happens away from this window: moves main's outbox keeps (the card stays
 * where the user put it, not saved, until it lands) and the live refresh (colleagues' changes
 * merged in place, never under a drag or over a card of ours still on its way).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { BoardSnapshot, MoveAnswer, MoveIntent } from '../../../shared/bridge'
import type { BoardCard } from '../../../shared/card'
import type { OutboxEntryView } from '../../../shared/outbox'
import { ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { fakeApi, type FakeApi } from '../testing/fake-api'
import { cardsOf, FakeBoardServer, opportunity, sampleBoard, stamp, withCards } from '../testing/fake-board'
import { useBoardStore } from './board'
import { useOutboxStore } from './outbox'
import { useFiltersStore } from './filters'

const entry = (intent: MoveIntent): OutboxEntryView => ({
  id: `e-${intent.opportunityId}`,
  kind: 'move',
  opportunityId: intent.opportunityId,
  toColumnId: intent.to?.columnId ?? null,
  outcome: null,
  fields: [],
  state: 'waiting',
  message: 'Nexudus cannot be reached; this will be sent when it can.',
  attempts: 1,
  createdAt: '2026-12-03T10:00:00Z'
})

async function loaded(move?: (intent: MoveIntent) => Promise<Result<MoveAnswer>>) {
  let board = sampleBoard()
  const server = new FakeBoardServer(board)
  const changes = vi.fn(async (input: { boardId: number; since: string }) =>
    ok({ cards: [] as BoardCard[], through: input.since, total: cardsOf(board).length })
  )
  const load = vi.fn(async () => ok(structuredClone(board)))
  const bridge: FakeApi = fakeApi({
    board: { load, changes },
    opportunity: { move: move ?? (async (i) => server.move(i)) }
  })
  setApi(bridge)
  const store = useBoardStore()
  await useOutboxStore().init()
  await store.load(1)
  /** What main's board.load answers from now on (a colleague changed the board). */
  const serve = (next: BoardSnapshot) => (board = next)
  return { store, server, bridge, changes, load, serve }
}

const order = (store: ReturnType<typeof useBoardStore>, col: number) => [...(store.orders[col] ?? [])]

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => setApi(null))

describe('board store: a move the outbox keeps', () => {
  it('stays where the user put it, marked not saved, through a refresh, until it lands', async () => {
    let kept: MoveIntent | null = null
    const { store, bridge, server } = await loaded(async (intent) => {
      kept = intent
      return ok({ queued: entry(intent) })
    })
    const report = await store.moveCard(11, 2, 0)
    expect(report.status).toBe('queued')
    expect(order(store, 2)).toEqual([11, 21, 22])
    expect(useOutboxStore().byCard.get(11)).toBe('waiting')
    expect(store.pending.has(11)).toBe(false)

    // The server's board (which does not have the move yet) leaves it where the user put it, and
    // opening the board again shows it in the stage it goes to, at the top.
    await store.refresh()
    expect(order(store, 1)).toEqual([12, 13])
    expect(order(store, 2)).toEqual([11, 21, 22])
    await store.load(1)
    expect(order(store, 1)).toEqual([12, 13])
    expect(order(store, 2)).toEqual([11, 21, 22])
    expect(store.records.get(11)?.CrmBoardColumnId).toBe(2)

    // It lands: main's outbox empties and says with what.
    const landed = server.move(kept!)
    if (!landed.ok) throw new Error('the fake server refused the move')
    bridge.emit('outbox.changed', { entries: [], nextAttemptAt: null, sent: 1, version: 1 })
    const result = landed.data as Exclude<MoveAnswer, { queued: unknown }>
    bridge.emit('outbox.settled', { kind: 'move', entryId: 'e-11', opportunityId: 11, result })
    expect(useOutboxStore().byCard.has(11)).toBe(false)
    expect(store.records.get(11)?.CrmBoardColumnId).toBe(2)
    expect(order(store, 2)).toEqual(
      server
        .column(2)
        .filter((r) => r.Status === 1)
        .sort((a, b) => a.Position - b.Position)
        .map((r) => r.Id)
    )
  })

  it('goes back to what the server holds when the user discards it', async () => {
    const { store, bridge } = await loaded(async (intent) => ok({ queued: entry(intent) }))
    await store.moveCard(11, 2, 0)
    bridge.emit('outbox.changed', { entries: [], nextAttemptAt: null, sent: 0, version: 1 })
    bridge.emit('outbox.settled', {
      kind: 'discarded',
      entryId: 'e-11',
      opportunityId: 11,
      fresh: opportunity(11, 1, 10)
    })
    expect(order(store, 1)).toEqual([11, 12, 13])
    expect(order(store, 2)).toEqual([21, 22])
  })
})

describe('board store: the live refresh', () => {
  it('merges what a colleague changed, asking from the latest moment the server showed', async () => {
    const { store, changes } = await loaded()
    const latest = [...store.records.values()]
      .map((r) => r.UpdatedOn!)
      .sort()
      .at(-1)!
    const moved = opportunity(12, 2, 15, { UpdatedOn: stamp() })
    changes.mockResolvedValueOnce(ok({ cards: [moved], through: moved.UpdatedOn!, total: 7 }))
    expect(await store.pollChanges()).toBe(1)
    expect(changes).toHaveBeenCalledWith({ boardId: 1, since: latest })
    expect(order(store, 1)).toEqual([11, 13])
    expect(order(store, 2)).toEqual([21, 12, 22])
    await store.pollChanges()
    expect(changes).toHaveBeenLastCalledWith({ boardId: 1, since: moved.UpdatedOn })
  })

  it('waits for the drop while a drag is under way, and leaves cards of ours on their way alone', async () => {
    const { store, changes } = await loaded()
    store.holdRefresh(true)
    changes.mockResolvedValueOnce(
      ok({ cards: [opportunity(21, 1, 5, { UpdatedOn: stamp() })], through: stamp(), total: 7 })
    )
    await store.pollChanges()
    expect(order(store, 2)).toEqual([21, 22])
    store.holdRefresh(false)
    expect(order(store, 1)).toEqual([21, 11, 12, 13])

    useOutboxStore().apply({
      entries: [entry({ opportunityId: 13, expected: { columnId: 1, updatedOn: null } })],
      nextAttemptAt: null,
      sent: 0,
      version: 2
    })
    changes.mockResolvedValueOnce(
      ok({ cards: [opportunity(13, 2, 1, { UpdatedOn: stamp() })], through: stamp(), total: 7 })
    )
    expect(await store.pollChanges()).toBe(0)
    expect(store.records.get(13)?.CrmBoardColumnId).toBe(1)
  })

  it('reads the board again, in place, when the server holds fewer cards than drawn', async () => {
    const { store, load, serve } = await loaded()
    load.mockClear()
    // A colleague deleted 12 (or moved it to another board): no UpdatedOn says so, the count does.
    serve(
      withCards(
        sampleBoard(),
        cardsOf(sampleBoard()).filter((c) => c.Id !== 12)
      )
    )
    await store.pollChanges()
    await vi.waitFor(() => expect(order(store, 1)).toEqual([11, 13]))
    expect(load).toHaveBeenCalledTimes(1)
    expect(store.records.has(12)).toBe(false)
    expect(store.status).toBe('ready')
    // In step again: the next refresh reads nothing more.
    await store.pollChanges()
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('notices a deletion even when a colleague added a card meanwhile (same count)', async () => {
    const { store, load, serve, changes } = await loaded()
    load.mockClear()
    const added = opportunity(14, 1, 40, { UpdatedOn: stamp() })
    serve(withCards(sampleBoard(), [...cardsOf(sampleBoard()).filter((c) => c.Id !== 12), added]))
    // The new card comes in with the changes; after it, the board has one more than the server.
    changes.mockResolvedValueOnce(ok({ cards: [added], through: added.UpdatedOn!, total: 7 }))
    await store.pollChanges()
    await vi.waitFor(() => expect(order(store, 1)).toEqual([11, 13, 14]))
    expect(load).toHaveBeenCalledTimes(1)
  })

  it('asks nothing twice at once', async () => {
    const { store, changes } = await loaded()
    changes.mockClear()
    await Promise.all([store.pollChanges(), store.pollChanges()])
    expect(changes).toHaveBeenCalledTimes(1)
  })
})

describe('board store: filtered', () => {
  it('shows only matching cards, and a drop goes between the cards the user saw', async () => {
    const { store, server } = await loaded()
    const filtering = useFiltersStore()
    // Cards 11 and 13 are Alex's; 12 is not.
    for (const [id, who] of [
      [11, 'Alex Morgan'],
      [12, 'Sam Lee'],
      [13, 'Alex Morgan'],
      [21, 'Alex Morgan'],
      [22, 'Sam Lee']
    ] as const)
      store.upsertCard({ ...store.records.get(id)!, ResponsibleFullName: who })
    filtering.filters.responsible = 'Alex Morgan'
    expect(store.shown[1]).toEqual([11, 13])
    expect(store.shown[2]).toEqual([21])
    expect(store.shownStats[1]?.count).toBe(2)
    expect(store.stats[1]?.count).toBe(3)

    // Dropped in stage 1 below 13, as shown: after 13 in the whole order, not at index 1 of it.
    await store.moveCard(21, 1, 2)
    expect(server.calls.at(-1)?.to).toMatchObject({ columnId: 1, afterId: 13, beforeId: null })
    expect(store.orders[1]).toEqual([11, 12, 13, 21])
    filtering.clear()
    expect(store.shown[1]).toEqual(store.orders[1])
  })
})

describe('board store: undo and redo', () => {
  it('sends a moved card back between its old neighbours, and again on redo, as server moves', async () => {
    const { store, server } = await loaded()
    expect(await store.moveCard(12, 2, 1)).toEqual({ status: 'saved' })
    expect(store.orders[2]).toEqual([21, 12, 22])

    expect(await store.undo()).toEqual({ status: 'saved' })
    expect(server.calls.at(-1)).toMatchObject({
      opportunityId: 12,
      to: expect.objectContaining({ columnId: 1, afterId: 11, beforeId: 13 }),
      outcome: { status: 'open' }
    })
    expect(store.orders[1]).toEqual([11, 12, 13])
    expect(store.orders[2]).toEqual([21, 22])
    expect(store.toasts.at(-1)?.text).toBe('Undone: Customer 12 is back in Enquiry.')

    expect(await store.redo()).toEqual({ status: 'saved' })
    expect(server.calls.at(-1)).toMatchObject({
      to: expect.objectContaining({ columnId: 2, afterId: 21, beforeId: 22 })
    })
    expect(store.orders[2]).toEqual([21, 12, 22])
    // Nothing more to redo; one more undo is the same move back.
    expect(await store.redo()).toBeNull()
    expect(store.history.past).toHaveLength(1)
  })

  it('undoes won and lost: the card comes back open where it was', async () => {
    const { store, server } = await loaded()
    await store.closeCard(13, { status: 'lost', lossReason: 4 })
    expect(store.closed.lost.map((r) => r.Id)).toContain(13)
    await store.undo()
    expect(server.calls.at(-1)).toMatchObject({
      opportunityId: 13,
      to: expect.objectContaining({ columnId: 1, afterId: 12, beforeId: null }),
      outcome: { status: 'open' }
    })
    expect(store.records.get(13)?.Status).toBe(1)
    expect(store.orders[1]).toEqual([11, 12, 13])
  })
})
