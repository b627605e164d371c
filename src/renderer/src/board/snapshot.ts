/**
 * Drawing a board snapshot in place (stages keep their components and scroll positions). Cards
 * whose move is on its way or waits in the outbox stay as the user left them; moves waiting in
 * main's outbox that this window did not make (an earlier run) are drawn where they go.
 */
import type { BoardSnapshot } from '../../../shared/bridge'
import { unpackCards } from '../../../shared/card-table'
import type { BoardCard } from '../../../shared/card'
import type { OutboxEntryView } from '../../../shared/outbox'
import type { BoardCore } from './core'
import { deriveOrders, mergePending, without } from './order'

const OPEN = 1 as const

/** Draws the snapshot's cards; answers them (without the deleted ones). `keep`: the board was ready. */
export function drawSnapshot(
  core: BoardCore,
  snapshot: BoardSnapshot,
  keep: boolean,
  outbox: readonly OutboxEntryView[]
): BoardCard[] {
  const { records, orders, deleted, inFlight } = core
  core.columns.value = snapshot.columns
  const columnIds = core.columnIds.value
  const unpacked = unpackCards(snapshot.cards)
  const cards = deleted.size ? unpacked.filter((r) => !deleted.has(r.Id)) : unpacked
  const kept = keep ? [...records.values()].filter((r) => inFlight(r.Id)) : []
  const before = kept.length ? { ...orders } : null
  records.clear()
  for (const r of cards) records.set(r.Id, r)
  for (const r of kept) records.set(r.Id, r)
  const next = deriveOrders(cards, columnIds)
  overlayOutbox(core, next, kept, outbox)
  if (before)
    for (const col of columnIds) next[col] = mergePending(next[col] ?? [], before[col] ?? [], inFlight)
  for (const key of Object.keys(orders)) if (!(key in next)) delete orders[Number(key)]
  Object.assign(orders, next)
  return cards
}

/**
 * Moves waiting in main's outbox that this window did not make (an earlier run, another board
 * opened since): the card is shown in the stage it goes to, at the top, as not saved yet.
 */
function overlayOutbox(
  core: BoardCore,
  next: Record<number, readonly number[]>,
  kept: readonly BoardCard[],
  entries: readonly OutboxEntryView[]
): void {
  const mine = new Set(kept.map((r) => r.Id))
  for (const entry of entries) {
    const record = core.records.get(entry.opportunityId)
    const to = entry.toColumnId
    if (entry.kind !== 'move' || !record || mine.has(record.Id) || to === null || !(to in next)) continue
    // Won or lost: it leaves the stages either way; its card already says it is not saved.
    if (entry.outcome === 'won' || entry.outcome === 'lost') continue
    for (const col of Object.keys(next)) next[Number(col)] = without(next[Number(col)]!, record.Id)
    core.records.set(record.Id, { ...record, CrmBoardColumnId: to, Status: OPEN })
    next[to] = [record.Id, ...next[to]!]
  }
}
