/**
 * The order of open cards on a board, as pure functions over ids. Nexudus orders a stage's cards
 * by (Position, Id); the store keeps that order per column as an array of ids, and every move is
 * worked out here from those arrays, never from the DOM, so it does not matter which cards are
 * drawn (a windowed column draws only some of them).
 */
import { OpportunityStatus, type OpportunityStatus as Status } from '../../../shared/enums'
import { byPosition, type MoveTarget } from '../../../shared/order'

export { byPosition, placeAmong, targetAt } from '../../../shared/order'

export interface Placed {
  Id: number
  Position: number
  CrmBoardColumnId: number
  Status: Status
}

/** Open card ids per column id. */
export type Orders = Record<number, readonly number[]>

/** The open cards of every given column, in Nexudus order; columns without cards get []. */
export function deriveOrders(
  records: Iterable<Placed>,
  columnIds: Iterable<number>
): Record<number, number[]> {
  const buckets: Record<number, Placed[]> = {}
  for (const id of columnIds) buckets[id] = []
  for (const r of records) {
    if (r.Status === OpportunityStatus.InProgress) buckets[r.CrmBoardColumnId]?.push(r)
  }
  const orders: Record<number, number[]> = {}
  for (const [id, list] of Object.entries(buckets))
    orders[Number(id)] = list.sort(byPosition).map((r) => r.Id)
  return orders
}

/** Where a move lands (shared/order.ts): the destination stage and the cards around the drop. */
export type Target = MoveTarget

/** `order` without `id`, and with `id` at `index` (clamped). */
export function placeAt(order: readonly number[], id: number, index: number): number[] {
  const rest = order.filter((other) => other !== id)
  const at = Math.max(0, Math.min(index, rest.length))
  return [...rest.slice(0, at), id, ...rest.slice(at)]
}

export function without(order: readonly number[], id: number): number[] {
  return order.filter((other) => other !== id)
}

/**
 * Puts `id` back into `order` where it was in `before`: just below the nearest card that was above
 * it and is still here, else just above the nearest card that was below it, else at its old index.
 */
export function restoreInto(order: readonly number[], id: number, before: readonly number[]): number[] {
  const rest = without(order, id)
  const was = before.indexOf(id)
  if (was === -1) return rest
  for (let i = was - 1; i >= 0; i--) {
    const at = rest.indexOf(before[i]!)
    if (at !== -1) return [...rest.slice(0, at + 1), id, ...rest.slice(at + 1)]
  }
  for (let i = was + 1; i < before.length; i++) {
    const at = rest.indexOf(before[i]!)
    if (at !== -1) return [...rest.slice(0, at), id, ...rest.slice(at)]
  }
  return placeAt(rest, id, was)
}

/**
 * The server's order for a stage, keeping cards whose own write is still in flight where the user
 * put them: each pending card follows the card it follows now, or goes first.
 */
export function mergePending(
  server: readonly number[],
  current: readonly number[],
  pending: (id: number) => boolean
): number[] {
  const result = server.filter((id) => !pending(id))
  current.forEach((id, i) => {
    if (!pending(id)) return
    let at = 0
    for (let j = i - 1; j >= 0; j--) {
      const found = result.indexOf(current[j]!)
      if (found !== -1) {
        at = found + 1
        break
      }
    }
    result.splice(at, 0, id)
  })
  return result
}

/** Index at which a record belongs in an order, by (Position, Id), given the records of that order. */
export function sortedIndex(
  order: readonly number[],
  record: Pick<Placed, 'Position' | 'Id'>,
  lookup: (id: number) => Pick<Placed, 'Position' | 'Id'> | undefined
): number {
  const at = order.findIndex((id) => {
    const other = lookup(id)
    return other !== undefined && byPosition(record, other) < 0
  })
  return at === -1 ? order.length : at
}
