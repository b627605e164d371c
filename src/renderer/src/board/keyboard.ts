/**
 * Moving a card with the keyboard, as pure transitions: Space picks it up, arrows move the lifted
 * card within its stage or to the neighbouring stage, Space drops, Escape cancels. Where the card
 * would land is an index among the destination's other cards (the same meaning as a drag's index).
 */

export interface Spot {
  columnId: number
  index: number
}

export interface Lift {
  id: number
  /** Where it was picked up, to go back on Escape. */
  origin: Spot
  /** Where it would land now. */
  at: Spot
}

export type Arrow = 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight'

export interface Layout {
  /** Stage ids, left to right. */
  columnIds: readonly number[]
  /** Open card ids of a stage, top to bottom (may include the lifted card). */
  order: (columnId: number) => readonly number[]
}

export const isArrow = (key: string): key is Arrow =>
  key === 'ArrowUp' || key === 'ArrowDown' || key === 'ArrowLeft' || key === 'ArrowRight'

/** Picks up card `id` where it stands; null if it is not in any stage. */
export function pickUp(id: number, layout: Layout): Lift | null {
  for (const columnId of layout.columnIds) {
    const index = layout.order(columnId).indexOf(id)
    if (index !== -1) return { id, origin: { columnId, index }, at: { columnId, index } }
  }
  return null
}

/** How many other cards the destination holds, i.e. the largest index the lifted card may take. */
export function othersIn(lift: Lift, columnId: number, layout: Layout): number {
  return layout.order(columnId).filter((other) => other !== lift.id).length
}

/** One arrow key's step. At an edge the card stays put (the same Lift comes back). */
export function step(lift: Lift, key: Arrow, layout: Layout): Lift {
  const { columnId, index } = lift.at
  if (key === 'ArrowUp') return index > 0 ? { ...lift, at: { columnId, index: index - 1 } } : lift
  if (key === 'ArrowDown') {
    return index < othersIn(lift, columnId, layout) ? { ...lift, at: { columnId, index: index + 1 } } : lift
  }
  const here = layout.columnIds.indexOf(columnId)
  const next = layout.columnIds[key === 'ArrowLeft' ? here - 1 : here + 1]
  if (here === -1 || next === undefined) return lift
  return { ...lift, at: { columnId: next, index: Math.min(index, othersIn(lift, next, layout)) } }
}

/** True when dropping now would change nothing. */
export function isHome(lift: Lift): boolean {
  return lift.at.columnId === lift.origin.columnId && lift.at.index === lift.origin.index
}

/**
 * The orders to draw while a card is lifted: the card taken out of its stage and shown at its
 * current spot. Only the two stages involved change; the rest keep their arrays.
 */
export function preview(lift: Lift | null, columnId: number, order: readonly number[]): readonly number[] {
  if (!lift) return order
  const involved = columnId === lift.origin.columnId || columnId === lift.at.columnId
  if (!involved) return order
  const rest = order.filter((other) => other !== lift.id)
  if (columnId !== lift.at.columnId) return rest
  const at = Math.min(lift.at.index, rest.length)
  return [...rest.slice(0, at), lift.id, ...rest.slice(at)]
}

/** "Jane Doe: Tour booked, position 2 of 5". */
export function positionText(name: string, stageName: string, index: number, total: number): string {
  return `${name}: ${stageName}, position ${index + 1} of ${total}`
}
