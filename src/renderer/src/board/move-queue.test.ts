/**
 * The move queue on its own: a board core, a server that answers when the test says so, and
 * what the board draws and sends at each step.
 */
import { describe, expect, it } from 'vitest'
import type { MoveAnswer, MoveIntent } from '../../../shared/bridge'
import type { BoardCard } from '../../../shared/card'
import { fail, type Result } from '../../../shared/result'
import { column, FakeBoardServer, sampleBoard } from '../testing/fake-board'
import { unpackCards } from '../../../shared/card-table'
import { createCore } from './core'
import { createMoveQueue, type Job, type MoveReport } from './move-queue'
import { deriveOrders, placeAmong, targetAt } from './order'

function setup() {
  const board = sampleBoard()
  const server = new FakeBoardServer(board)
  const core = createCore({ inOutbox: () => false })
  core.columns.value = board.columns.length ? board.columns : [column(1, 'A')]
  for (const card of unpackCards(board.cards)) core.records.set(card.Id, card)
  Object.assign(core.orders, deriveOrders(core.records.values(), core.columnIds.value))
  const held: Array<{ intent: MoveIntent; answer: (result?: Result<MoveAnswer>) => void }> = []
  const said: string[] = []
  const queue = createMoveQueue({
    records: core.records,
    orders: core.orders,
    pending: core.pending,
    locate: core.locate,
    placeRecord: core.placeRecord,
    reconcileColumns: core.reconcileColumns,
    send: (intent) =>
      new Promise((resolve) =>
        held.push({ intent, answer: (result) => resolve(result ?? server.move(intent)) })
      ),
    queued: () => {},
    done: () => {},
    inOutbox: () => false,
    unsure: (job, error) => said.push(`unsure: ${job.id} ${error.message}`),
    failed: (job, error, stays) => said.push(`${stays ? 'kept' : 'back'}: ${job.id} ${error.message}`),
    conflict: (job) => said.push(`conflict: ${job.id}`),
    forbidden: () => said.push('forbidden')
  })
  /** A drop of `id` at `index` of stage `to`, as the store makes it. */
  const drop = (id: number, to: number, index: number): Promise<MoveReport> => {
    const target = targetAt(core.orders[to] ?? [], id, to, index)
    const at = placeAmong(
      (core.orders[to] ?? []).filter((o) => o !== id),
      target
    ).index
    const job: Job = { id, to: target }
    return queue.enqueue(core.records.get(id)!, job, at)
  }
  const orders = () => Object.fromEntries(Object.entries(core.orders).map(([k, v]) => [k, [...v]]))
  const tick = () => new Promise((r) => setTimeout(r))
  return { server, core, queue, held, said, drop, orders, tick }
}

const refusal = (fresh: BoardCard): Result<MoveAnswer> =>
  fail({ kind: 'Server', message: 'This stage is closed to moves.', fresh })

describe('the move queue', () => {
  it('draws the move at once and the server’s order once it lands', async () => {
    const { server, held, drop, orders, core } = setup()
    const done = drop(11, 2, 1)
    expect(orders()[2]).toEqual([21, 11, 22])
    expect(core.pending.get(11)).toBe(1)
    held[0]!.answer()
    expect(await done).toEqual({ status: 'saved' })
    expect(orders()[2]).toEqual(server.openOrder(2))
    expect(core.pending.size).toBe(0)
  })

  it('puts a refused card back exactly between its old neighbours', async () => {
    const { held, drop, orders, said, core } = setup()
    const before = orders()
    const original = core.records.get(12)!
    const done = drop(12, 2, 0)
    held[0]!.answer(refusal(original))
    expect((await done).status).toBe('failed')
    expect(orders()).toEqual(before)
    expect(core.records.get(12)).toEqual(original)
    expect(said).toEqual(['back: 12 This stage is closed to moves.'])
  })

  it('puts refused cards back in the server’s order, whatever order the refusals come in', async () => {
    const { held, drop, orders, core } = setup()
    const before = orders()
    const cards = [11, 12, 13]
    const records = cards.map((id) => core.records.get(id)!)
    const moves = cards.map((id) => drop(id, 2, 0))
    for (const i of [2, 0, 1]) held[i]!.answer(refusal(records[i]!))
    await Promise.all(moves)
    expect(orders()).toEqual(before)
  })

  it('sends the card’s next move against the card as Nexudus last confirmed it, after a refusal', async () => {
    const { server, held, drop, tick, core } = setup()
    const first = drop(11, 2, 0)
    const second = drop(11, 3, 0)
    held[0]!.answer()
    await first
    await tick()
    const landed = server.records.get(11)!
    held[1]!.answer(refusal(landed))
    await second
    expect(core.records.get(11)).toEqual(landed)
    void drop(11, 1, 0)
    await tick()
    expect(held[2]!.intent.expected).toEqual({ columnId: 2, updatedOn: landed.UpdatedOn })
  })

  it('keeps the card where its later move put it when an earlier one is refused, and sends that one', async () => {
    const { server, held, drop, tick, orders, said, core } = setup()
    const original = core.records.get(11)!
    const first = drop(11, 2, 0)
    const second = drop(11, 3, 0)
    held[0]!.answer(refusal(original))
    await first
    await tick()
    expect(orders()[3]![0]).toBe(11)
    expect(said).toEqual(['kept: 11 This stage is closed to moves.'])
    expect(held[1]!.intent.expected).toEqual({ columnId: 1, updatedOn: original.UpdatedOn })
    held[1]!.answer()
    expect((await second).status).toBe('saved')
    expect(orders()[3]).toEqual(server.openOrder(3))
  })

  it('shows the colleague’s version on a conflict and drops the card’s later moves, unsent', async () => {
    const { server, held, drop, tick, said, core } = setup()
    const first = drop(11, 2, 0)
    const second = drop(11, 3, 0)
    server.touch(11, { Name: 'Renamed by a colleague' })
    held[0]!.answer()
    expect((await first).status).toBe('conflict')
    expect((await second).status).toBe('cancelled')
    await tick()
    expect(held).toHaveLength(1)
    expect(core.records.get(11)).toEqual(server.records.get(11))
    expect(said).toEqual(['conflict: 11'])
    expect(core.pending.size).toBe(0)
  })

  it('leaves a card whose move landed unconfirmed where the user put it, and says so', async () => {
    const { held, drop, orders, said } = setup()
    const done = drop(11, 2, 0)
    const message =
      'The move was saved in Nexudus, but the board could not be refreshed. Reload the board to see it.'
    held[0]!.answer(fail({ kind: 'Server', message, landed: true }))
    expect((await done).status).toBe('failed')
    expect(orders()[2]![0]).toBe(11)
    expect(said).toEqual([`unsure: 11 ${message}`])
  })

  it('answers "cancelled" for moves still out when the board is reset', async () => {
    const { held, drop, queue } = setup()
    const done = drop(11, 2, 0)
    queue.reset()
    held[0]!.answer()
    expect((await done).status).toBe('cancelled')
  })
})
