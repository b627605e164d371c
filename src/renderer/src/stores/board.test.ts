// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { BoardSnapshot, MoveIntent, MoveResult } from '../../../shared/bridge'
import { fail, ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { fakeApi } from '../testing/fake-api'
import { cardsOf, FakeBoardServer, sampleBoard, withCards } from '../testing/fake-board'
import { READ_ONLY_TEXT, useBoardStore } from './board'
import { askEarly, dropEarly, takeEarly } from '../services/early-cache'
import type { BoardCard } from '../../../shared/card'

type Answer = Result<MoveResult>

/** A move handler whose answers the test releases one by one. */
function heldMoves(server: FakeBoardServer) {
  const held: Array<{ intent: MoveIntent; release: (answer?: Answer) => void }> = []
  const move = vi.fn(
    (intent: MoveIntent) =>
      new Promise<Answer>((resolve) => {
        held.push({ intent, release: (answer) => resolve(answer ?? server.move(intent)) })
      })
  )
  return { held, move }
}

async function loaded(board: BoardSnapshot = sampleBoard(), move?: (i: MoveIntent) => Promise<Answer>) {
  const server = new FakeBoardServer(board)
  setApi(
    fakeApi({
      board: { load: async () => ok(structuredClone(board)) },
      opportunity: { move: move ?? (async (intent) => server.move(intent)) }
    })
  )
  const store = useBoardStore()
  await store.load(1)
  return { store, server }
}

const plainOrders = (store: ReturnType<typeof useBoardStore>) =>
  Object.fromEntries(Object.entries(store.orders).map(([k, v]) => [k, [...v]]))

const tick = () => new Promise((r) => setTimeout(r))

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => setApi(null))

describe('board store: loading', () => {
  it('orders open cards by (Position, Id) per stage and keeps closed ones for the drawer', async () => {
    const { store } = await loaded()
    expect(store.status).toBe('ready')
    expect(plainOrders(store)).toEqual({ 1: [11, 12, 13], 2: [21, 22], 3: [], 4: [] })
    expect(store.stats[1]).toEqual({ count: 3, total: 3600 })
    expect(store.closed.won.map((r) => r.Id)).toEqual([31])
    expect(store.closed.lost.map((r) => r.Id)).toEqual([41])
    expect(store.totals).toEqual({ count: 5, total: 3600 + 4300 })
  })

  it('keeps the error and drops a late answer for a board no longer wanted', async () => {
    let answer: (r: Result<BoardSnapshot>) => void = () => {}
    setApi(
      fakeApi({
        board: {
          load: ({ boardId }) =>
            boardId === 1
              ? new Promise((r) => (answer = r))
              : Promise.resolve(fail({ kind: 'Network', message: 'x' }))
        }
      })
    )
    const store = useBoardStore()
    const first = store.load(1)
    await store.load(2)
    answer(ok(sampleBoard()))
    await first
    expect(store.status).toBe('error')
    expect(store.error?.kind).toBe('Network')
    expect(store.records.size).toBe(0)
  })
})

describe('board store: moving a card', () => {
  it('moves at once, marks the card saving, then shows the server order', async () => {
    const board = sampleBoard()
    const server = new FakeBoardServer(board)
    const { held, move } = heldMoves(server)
    const { store } = await loaded(board, move)
    const done = store.moveCard(11, 2, 1)
    expect(plainOrders(store)[1]).toEqual([12, 13])
    expect(plainOrders(store)[2]).toEqual([21, 11, 22])
    expect(store.pending.get(11)).toBe(1)
    expect(store.records.get(11)?.CrmBoardColumnId).toBe(2)
    expect(held[0]!.intent).toEqual({
      opportunityId: 11,
      expected: { columnId: 1, updatedOn: '2026-01-01T00:00:00Z' },
      to: expect.objectContaining({ columnId: 2, afterId: 21, beforeId: 22 })
    })
    held[0]!.release()
    expect(await done).toEqual({ status: 'saved' })
    expect(store.pending.has(11)).toBe(false)
    expect(plainOrders(store)[2]).toEqual(server.openOrder(2))
    expect(store.records.get(11)).toEqual(server.records.get(11))
  })

  it('puts the card and its neighbours back exactly when the move fails, and says why', async () => {
    const { store } = await loaded(sampleBoard(), async () =>
      fail({ kind: 'Server', message: 'Nexudus is down.' })
    )
    const before = plainOrders(store)
    const record = store.records.get(12)
    const report = await store.moveCard(12, 2, 0)
    expect(report.status).toBe('failed')
    expect(plainOrders(store)).toEqual(before)
    expect(store.records.get(12)).toBe(record)
    expect(store.pending.size).toBe(0)
    expect(store.toasts.map((t) => t.text)).toEqual([
      "Couldn't move Customer 12: Nexudus is down. It is back where it was."
    ])
  })

  it('rolls back around a move of another card that landed meanwhile', async () => {
    const board = sampleBoard()
    const server = new FakeBoardServer(board)
    const { held, move } = heldMoves(server)
    const { store } = await loaded(board, move)
    const a = store.moveCard(11, 2, 0) // will fail
    const b = store.moveCard(13, 2, 2) // will succeed
    held[1]!.release()
    await b
    held[0]!.release(fail({ kind: 'Network', message: 'offline' }))
    await a
    expect(plainOrders(store)[1]).toEqual([11, 12])
    expect(plainOrders(store)[2]).toEqual(server.openOrder(2))
    expect(store.toasts[0]?.text).toMatch(/^Couldn't move Customer 11: Can't reach the server\./)
  })

  it('shows the fresh record on a Conflict and says someone else changed it', async () => {
    const { store, server } = await loaded()
    server.touch(12, { CrmBoardColumnId: 2, Position: 15 })
    const report = await store.moveCard(12, 1, 0)
    expect(report.status).toBe('conflict')
    expect(plainOrders(store)[1]).toEqual([11, 13])
    expect(plainOrders(store)[2]).toEqual([21, 12, 22])
    expect(store.records.get(12)).toEqual(server.records.get(12))
    expect(store.toasts.map((t) => t.text)).toEqual([
      'Customer 12 was changed by someone else; the board shows the latest version.'
    ])
  })

  it('sends the moves of one card one after the other, each expecting the previous answer', async () => {
    const board = sampleBoard()
    const server = new FakeBoardServer(board)
    const { held, move } = heldMoves(server)
    const { store } = await loaded(board, move)
    const first = store.moveCard(11, 2, 0)
    const second = store.moveCard(11, 1, 2)
    expect(plainOrders(store)[1]).toEqual([12, 13, 11])
    expect(store.pending.get(11)).toBe(2)
    expect(held).toHaveLength(1)
    held[0]!.release()
    await first
    await tick()
    expect(held).toHaveLength(2)
    expect(held[1]!.intent.expected).toEqual({ columnId: 2, updatedOn: server.records.get(11)!.UpdatedOn })
    expect(held[1]!.intent.to).toEqual({ columnId: 1, afterId: 13, beforeId: null, above: [12] })
    // While the second is out, the card stays where the user put it.
    expect(plainOrders(store)[1]).toEqual([12, 13, 11])
    held[1]!.release()
    expect(await second).toEqual({ status: 'saved' })
    expect(plainOrders(store)[1]).toEqual(server.openOrder(1))
    expect(store.pending.size).toBe(0)
  })

  it('lets different cards move at the same time', async () => {
    const board = sampleBoard()
    const { held, move } = heldMoves(new FakeBoardServer(board))
    const { store } = await loaded(board, move)
    void store.moveCard(11, 2, 0)
    void store.moveCard(21, 1, 0)
    expect(held.map((h) => h.intent.opportunityId)).toEqual([11, 21])
  })

  it('undoes a refused move only: the card’s next move still goes, expecting the card as Nexudus has it', async () => {
    const board = sampleBoard()
    const server = new FakeBoardServer(board)
    const { held, move } = heldMoves(server)
    const { store } = await loaded(board, move)
    const original = store.records.get(11)!
    const first = store.moveCard(11, 2, 0)
    const second = store.moveCard(11, 3, 0)
    held[0]!.release(fail({ kind: 'Validation', message: 'Not into this stage.', fresh: original }))
    expect((await first).status).toBe('failed')
    await tick()
    // The later move holds the card where the user left it last, and goes.
    expect(plainOrders(store)[3]![0]).toBe(11)
    expect(held).toHaveLength(2)
    expect(held[1]!.intent.expected).toEqual({ columnId: 1, updatedOn: original.UpdatedOn })
    held[1]!.release()
    expect((await second).status).toBe('saved')
    expect(plainOrders(store)[3]).toEqual(server.openOrder(3))
    expect(store.records.get(11)).toEqual(server.records.get(11))
    expect(store.toasts.map((t) => t.text)).toEqual([
      expect.stringContaining('Not into this stage. Your next move of it is still being saved.')
    ])
  })

  it('puts a refused card back as Nexudus last confirmed it, so its next move is not stale', async () => {
    const board = sampleBoard()
    const server = new FakeBoardServer(board)
    const { held, move } = heldMoves(server)
    const { store } = await loaded(board, move)
    const first = store.moveCard(11, 2, 0)
    const second = store.moveCard(11, 3, 0)
    held[0]!.release()
    expect((await first).status).toBe('saved')
    await tick()
    const landed = server.records.get(11)!
    held[1]!.release(fail({ kind: 'Validation', message: 'Not into this stage.', fresh: landed }))
    expect((await second).status).toBe('failed')
    // Back where the first move put it, with the server's record of it (not the copy from before).
    expect(store.records.get(11)).toEqual(landed)
    expect(plainOrders(store)[2]).toEqual(server.openOrder(2))
    const third = store.moveCard(11, 1, 0)
    await tick()
    expect(held[2]!.intent.expected).toEqual({ columnId: 2, updatedOn: landed.UpdatedOn })
    held[2]!.release()
    expect((await third).status).toBe('saved')
  })

  it('drops the card’s later moves, unsent, on a conflict, and shows the colleague’s version', async () => {
    const board = sampleBoard()
    const server = new FakeBoardServer(board)
    const { held, move } = heldMoves(server)
    const { store } = await loaded(board, move)
    const first = store.moveCard(11, 2, 0)
    const second = store.moveCard(11, 2, 2)
    server.touch(11, { CrmBoardColumnId: 3 })
    held[0]!.release()
    expect((await first).status).toBe('conflict')
    expect((await second).status).toBe('cancelled')
    await tick()
    expect(held).toHaveLength(1)
    expect(store.records.get(11)).toEqual(server.records.get(11))
    expect(plainOrders(store)[3]).toContain(11)
    expect(store.pending.size).toBe(0)
  })

  it('turns read-only on Forbidden, and then sends nothing', async () => {
    const move = vi.fn(async () => fail<MoveResult>({ kind: 'Forbidden', message: 'No.' }))
    const { store } = await loaded(sampleBoard(), move)
    const before = plainOrders(store)
    expect((await store.moveCard(11, 2, 0)).status).toBe('forbidden')
    expect(store.readOnly).toBe(true)
    expect(plainOrders(store)).toEqual(before)
    expect((await store.moveCard(11, 2, 0)).status).toBe('forbidden')
    expect(move).toHaveBeenCalledTimes(1)
    expect(READ_ONLY_TEXT).toContain('CrmOpportunity-Edit')
  })

  it('marks a card won from the drawer without a destination, and moves it once confirmed', async () => {
    const { store, server } = await loaded()
    const done = store.closeCard(12, { status: 'won' })
    // Nothing looks won before the server said so.
    expect(plainOrders(store)[1]).toEqual([11, 12, 13])
    expect(store.pending.get(12)).toBe(1)
    await done
    expect(server.calls[0]).toEqual({
      opportunityId: 12,
      expected: { columnId: 1, updatedOn: '2026-01-01T00:00:00Z' },
      outcome: { status: 'won' }
    })
    expect(plainOrders(store)[1]).toEqual([11, 13])
    expect(store.closed.won.map((r) => r.Id)).toContain(12)
  })

  it('marks a card lost with its reason, entering a Lose stage', async () => {
    const { store, server } = await loaded()
    await store.moveCard(21, 4, 0, { status: 'lost', lossReason: 7 })
    expect(server.calls[0]?.outcome).toEqual({ status: 'lost', lossReason: 7 })
    expect(plainOrders(store)[4]).toEqual([])
    expect(store.closed.lost.find((r) => r.Id === 21)?.LossReason).toBe(7)
  })

  it('reopens a closed card dropped on a stage', async () => {
    const { store, server } = await loaded()
    const done = store.moveCard(41, 2, 0)
    expect(plainOrders(store)[2]).toEqual([41, 21, 22])
    expect(store.closed.lost).toEqual([])
    await done
    expect(server.calls[0]?.outcome).toEqual({ status: 'open' })
    expect(server.calls[0]?.to).toMatchObject({ columnId: 2, afterId: null, beforeId: 21 })
    expect(plainOrders(store)[2]).toEqual([41, 21, 22])
    expect(store.records.get(41)?.Status).toBe(1)
  })
})

describe('board store: a window re-read (a stage of more than ~900 cards)', () => {
  const card = (Id: number, CrmBoardColumnId: number, Position: number) =>
    cardsOf(sampleBoard()).find((o) => o.Id === Id) && {
      ...cardsOf(sampleBoard()).find((o) => o.Id === Id)!,
      CrmBoardColumnId,
      Position
    }

  it('replaces only the cards whose Position is in the window', async () => {
    const answer = (window: { from: number; to: number }, opportunities: BoardCard[]) => async () =>
      ok({ opportunity: card(12, 2, 15)!, columns: [{ columnId: 2, opportunities, window }], writes: 1 })

    // 22 (Position 20) is outside the window: it stays where the board had it.
    let { store } = await loaded(
      sampleBoard(),
      answer({ from: 5, to: 15 }, [card(21, 2, 10)!, card(12, 2, 15)!])
    )
    await store.moveCard(12, 2, 1)
    expect(plainOrders(store)[2]).toEqual([21, 12, 22])

    // 22 is inside the window and missing from it: someone moved it away.
    setActivePinia(createPinia())
    ;({ store } = await loaded(
      sampleBoard(),
      answer({ from: 5, to: 25 }, [card(21, 2, 10)!, card(12, 2, 15)!])
    ))
    await store.moveCard(12, 2, 1)
    expect(plainOrders(store)[2]).toEqual([21, 12])
  })
})

describe('board store: the saved copy, then the server', () => {
  /** A bridge whose board.cached and board.load answers the test releases. */
  function held() {
    let cached: (r: Result<BoardSnapshot | null>) => void = () => {}
    let load: (r: Result<BoardSnapshot>) => void = () => {}
    const bridge = fakeApi({
      board: {
        cached: () => new Promise((r) => (cached = r)),
        load: () => new Promise((r) => (load = r))
      },
      opportunity: { move: async (intent) => new FakeBoardServer(sampleBoard()).move(intent) }
    })
    setApi(bridge)
    return {
      bridge,
      cached: (r: Result<BoardSnapshot | null>) => cached(r),
      load: (r: Result<BoardSnapshot>) => load(r)
    }
  }

  /** The saved copy: card 11 is still in Tour booked there. */
  function savedCopy(): BoardSnapshot {
    const board = sampleBoard()
    return withCards(
      board,
      cardsOf(board).map((o) => (o.Id === 11 ? { ...o, CrmBoardColumnId: 2 } : o))
    )
  }

  it('draws the saved copy first, without moves, then the server board', async () => {
    const answers = held()
    const store = useBoardStore()
    const loading = store.load(1)
    expect(store.status).toBe('loading')
    answers.cached(ok(savedCopy()))
    await tick()
    expect(store.status).toBe('ready')
    expect(store.source).toBe('cache')
    expect(store.canMove).toBe(false)
    expect(plainOrders(store)[2]).toEqual([11, 21, 22])
    expect((await store.moveCard(12, 2, 0)).status).toBe('cancelled')
    answers.load(ok(sampleBoard()))
    await loading
    expect(store.source).toBe('server')
    expect(store.canMove).toBe(true)
    expect(plainOrders(store)).toEqual({ 1: [11, 12, 13], 2: [21, 22], 3: [], 4: [] })
    expect(store.stats[1]).toEqual({ count: 3, total: 3600 })
  })

  it('at start, draws the copy asked for early, and only then asks the server', async () => {
    const answers = held()
    const loadCalls = vi.spyOn(answers.bridge.board, 'load')
    const cachedCalls = vi.spyOn(answers.bridge.board, 'cached')
    askEarly(1)
    const store = useBoardStore()
    const loading = store.load(1)
    await tick()
    expect(cachedCalls).toHaveBeenCalledTimes(1)
    expect(loadCalls).not.toHaveBeenCalled()
    answers.cached(ok(savedCopy()))
    await vi.waitFor(() => expect(loadCalls).toHaveBeenCalledTimes(1))
    expect(store.source).toBe('cache')
    answers.load(ok(sampleBoard()))
    await loading
    expect(store.source).toBe('server')
    expect(cachedCalls).toHaveBeenCalledTimes(1)
  })

  it('uses an early copy once, for its own board, and not after the session changed', async () => {
    const answers = held()
    const cachedCalls = vi.spyOn(answers.bridge.board, 'cached')
    askEarly(2)
    expect(takeEarly(1)).toBeNull()
    expect(takeEarly(2)).not.toBeNull()
    expect(takeEarly(2)).toBeNull()
    askEarly(1)
    dropEarly()
    expect(takeEarly(1)).toBeNull()
    expect(cachedCalls).toHaveBeenCalledTimes(2)
  })

  it('ignores a saved copy that comes after the server board, is missing, or fails', async () => {
    for (const late of [ok(savedCopy()), ok(null), fail({ kind: 'Server', message: 'no' })] as const) {
      setActivePinia(createPinia())
      const answers = held()
      const store = useBoardStore()
      const loading = store.load(1)
      answers.load(ok(sampleBoard()))
      await tick()
      answers.cached(late)
      await loading
      expect(store.source).toBe('server')
      expect(plainOrders(store)[2]).toEqual([21, 22])
    }
  })

  it('keeps the saved copy when the refresh fails, says why, and tries again', async () => {
    const answers = held()
    const store = useBoardStore()
    const loading = store.load(1)
    answers.cached(ok(savedCopy()))
    await tick()
    answers.load(fail({ kind: 'Network', message: 'offline' }))
    await loading
    expect(store.status).toBe('ready')
    expect(store.source).toBe('cache')
    expect(store.refreshError?.kind).toBe('Network')
    const again = store.refresh()
    expect(store.refreshError).toBeNull()
    answers.load(ok(sampleBoard()))
    await again
    expect(store.source).toBe('server')
  })

  it('shows the saved copy when it arrives after the server load failed', async () => {
    const answers = held()
    const store = useBoardStore()
    const loading = store.load(1)
    answers.load(fail({ kind: 'Network', message: 'offline' }))
    await tick()
    expect(store.status).toBe('error')
    answers.cached(ok(savedCopy()))
    await loading
    expect(store.status).toBe('ready')
    expect(store.source).toBe('cache')
    expect(store.error).toBeNull()
    expect(store.refreshError?.kind).toBe('Network')
  })

  it('follows board.progress for this board while it loads, and stops listening after', async () => {
    const answers = held()
    const store = useBoardStore()
    const loading = store.load(1)
    expect(answers.bridge.listenerCount('board.progress')).toBe(1)
    answers.bridge.emit('board.progress', { boardId: 1, loaded: 2000, total: 5000 })
    answers.bridge.emit('board.progress', { boardId: 9, loaded: 1, total: 2 })
    expect(store.progress).toEqual({ boardId: 1, loaded: 2000, total: 5000 })
    answers.cached(ok(null))
    answers.load(ok(sampleBoard()))
    await loading
    expect(store.progress).toBeNull()
    expect(answers.bridge.listenerCount('board.progress')).toBe(0)
  })

  it('holds a server board that lands during a drag, and draws it after the drop', async () => {
    const answers = held()
    const store = useBoardStore()
    const loading = store.load(1)
    answers.cached(ok(savedCopy()))
    await tick()
    store.holdRefresh(true)
    answers.load(ok(sampleBoard()))
    await loading
    expect(store.source).toBe('cache')
    expect(plainOrders(store)[2]).toEqual([11, 21, 22])
    store.holdRefresh(false)
    expect(store.source).toBe('server')
    expect(plainOrders(store)[2]).toEqual([21, 22])
  })
})
