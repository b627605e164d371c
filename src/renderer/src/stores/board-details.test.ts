// @vitest-environment jsdom
/** The board store's side of the details drawer: saved cards, created cards, deletes with undo. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { fail, ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { fakeApi } from '../testing/fake-api'
import { FakeBoardServer, opportunity, sampleBoard } from '../testing/fake-board'
import { FakeDetailsServer } from '../testing/fake-details'
import { UNDO_MS, useBoardStore } from './board'

type DeleteAnswer = Result<{ id: number }>

async function loaded(options: { remove?: (input: { id: number }) => Promise<DeleteAnswer> } = {}) {
  const board = sampleBoard()
  const server = new FakeBoardServer(board)
  const details = new FakeDetailsServer(server)
  const remove = vi.fn(options.remove ?? details.delete)
  const load = vi.fn(async () => ok(structuredClone(board)))
  setApi(
    fakeApi({
      board: { load },
      opportunity: { move: async (i) => server.move(i), create: details.create, delete: remove }
    })
  )
  const store = useBoardStore()
  await store.load(1)
  return { store, server, details, remove, load }
}

const order = (store: ReturnType<typeof useBoardStore>, col: number) => [...(store.orders[col] ?? [])]

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => {
  vi.useRealTimers()
  setApi(null)
})

describe('board store: a card saved in the drawer', () => {
  it('replaces the record and finds its place again', async () => {
    const { store } = await loaded()
    store.upsertCard(opportunity(11, 1, 25, { Name: 'Renamed' }))
    expect(store.records.get(11)?.Name).toBe('Renamed')
    expect(order(store, 1)).toEqual([12, 11, 13])
    store.upsertCard(opportunity(11, 2, 15))
    expect(order(store, 1)).toEqual([12, 13])
    expect(order(store, 2)).toEqual([21, 11, 22])
    store.upsertCard(opportunity(11, 2, 15, { Status: 3, LossReason: 4 }))
    expect(order(store, 2)).toEqual([21, 22])
    expect(store.closed.lost.map((r) => r.Id)).toContain(11)
  })
})

describe('board store: a new opportunity', () => {
  it('draws the stage as the server has it, the new card at the top', async () => {
    const { store } = await loaded()
    const result = await store.createOpportunity({ columnId: 2, fields: { CoworkerId: 701, Name: 'Desk' } })
    expect(result.ok).toBe(true)
    const id = result.ok ? result.data.opportunity.Id : 0
    expect(order(store, 2)).toEqual([id, 21, 22])
    expect(store.records.get(id)?.CoworkerFullName).toBe('Jane Doe')
    expect(store.stats[2]?.count).toBe(3)
  })

  it('turns read-only on Forbidden and draws nothing', async () => {
    const { store } = await loaded()
    setApi(fakeApi({ opportunity: { create: async () => fail({ kind: 'Forbidden', message: '' }) } }))
    const result = await store.createOpportunity({ columnId: 2, fields: { CoworkerId: 701 } })
    expect(result.ok).toBe(false)
    expect(store.readOnly).toBe(true)
    expect(order(store, 2)).toEqual([21, 22])
  })
})

describe('board store: deleting with undo', () => {
  it('takes the card off at once and sends the delete only when the undo time is over', async () => {
    vi.useFakeTimers()
    const { store, remove, details } = await loaded()
    expect(store.deleteCard(12)).toBe(true)
    expect(order(store, 1)).toEqual([11, 13])
    expect(store.records.has(12)).toBe(false)
    expect(store.toasts).toEqual([
      expect.objectContaining({
        text: 'Customer 12 will be deleted in a few seconds.',
        tone: 'info',
        action: expect.objectContaining({ label: 'Undo' })
      })
    ])
    await vi.advanceTimersByTimeAsync(UNDO_MS - 1)
    expect(remove).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(remove).toHaveBeenCalledWith({ id: 12 })
    expect(store.toasts.map((t) => t.text)).toEqual(['Customer 12 was deleted in Nexudus.'])
    expect(details.records.has(12)).toBe(false)
    expect(order(store, 1)).toEqual([11, 13])
  })

  it('Undo puts the card back exactly and sends nothing', async () => {
    vi.useFakeTimers()
    const { store, remove } = await loaded()
    store.deleteCard(12)
    store.toasts[0]!.action!.run()
    expect(order(store, 1)).toEqual([11, 12, 13])
    expect(store.records.get(12)?.Id).toBe(12)
    expect(store.toasts).toEqual([])
    await vi.advanceTimersByTimeAsync(UNDO_MS * 2)
    expect(remove).not.toHaveBeenCalled()
  })

  it('Undo after other cards moved puts it back beside the same neighbours', async () => {
    vi.useFakeTimers()
    const { store } = await loaded()
    store.deleteCard(12)
    await store.moveCard(13, 2, 0)
    store.undoDelete(12)
    expect(order(store, 1)).toEqual([11, 12])
  })

  it('brings the card back with the error when the delete fails', async () => {
    vi.useFakeTimers()
    const { store } = await loaded({
      remove: async () => fail({ kind: 'Server', message: 'Nexudus said no.' })
    })
    store.deleteCard(12)
    await vi.advanceTimersByTimeAsync(UNDO_MS)
    expect(order(store, 1)).toEqual([11, 12, 13])
    expect(store.toasts.map((t) => t.text)).toEqual([
      "Couldn't delete Customer 12: Nexudus said no. It is back on the board."
    ])
  })

  it('takes an already deleted opportunity as deleted', async () => {
    vi.useFakeTimers()
    const { store } = await loaded({ remove: async () => fail({ kind: 'NotFound', message: '' }) })
    store.deleteCard(41)
    await vi.advanceTimersByTimeAsync(UNDO_MS)
    expect(store.records.has(41)).toBe(false)
    expect(store.toasts.map((t) => t.text)).toEqual(['Customer 41 was deleted in Nexudus.'])
  })

  it('sends pending deletes at once when flushed (the page is going away)', async () => {
    vi.useFakeTimers()
    const { store, remove } = await loaded()
    store.deleteCard(12)
    store.deleteCard(31)
    store.flushDeletes()
    expect(remove.mock.calls.map(([input]) => input.id)).toEqual([12, 31])
    await vi.advanceTimersByTimeAsync(UNDO_MS)
    expect(remove).toHaveBeenCalledTimes(2)
    expect(store.undoDelete(12)).toBe(false)
  })

  it('never brings a deleted card back with a fresh snapshot or a re-read stage', async () => {
    vi.useFakeTimers()
    const { store } = await loaded()
    store.deleteCard(12)
    await store.reload()
    expect(order(store, 1)).toEqual([11, 13])
    await store.moveCard(11, 1, 1)
    expect(order(store, 1)).toEqual([13, 11])
    expect(store.records.has(12)).toBe(false)
  })

  it('sends pending deletes when another board is opened', async () => {
    vi.useFakeTimers()
    const { store, remove } = await loaded()
    store.deleteCard(12)
    void store.load(1)
    expect(remove).toHaveBeenCalledWith({ id: 12 })
  })
})
