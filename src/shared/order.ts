/**
 * The one ordering rule of the app (docs/moving-a-card.md), used by main, the renderer and the test
 * fakes alike: how a stage's cards are ordered, how a move names its place, and where a card goes
 * once that place is read against a stage that may have changed since the user saw it.
 *
 * A move names its place by the cards around it as the user saw them, not by a Position: Positions
 * are the server's business (it may renumber them, API doc §6.4), and the renderer's copy may be
 * old. The nearest neighbours may not be in Nexudus's stage at all (not saved yet, being closed,
 * refused, deleted), so a move carries a few more on each side, nearest first.
 */

/** Nexudus's order within a stage: Position ascending, then Id (API doc §5.1, §6.4). */
export function byPosition(a: { Position: number; Id: number }, b: { Position: number; Id: number }): number {
  return a.Position - b.Position || a.Id - b.Id
}

/** How many cards on each side of a drop a move names: enough to outlive a burst of unsaved ones. */
export const NEIGHBOURS_NAMED = 20

/** Where a move lands: the destination stage and the open cards around the drop, as the user saw them. */
export interface MoveTarget {
  columnId: number
  /** The card just above the drop; null at the top. */
  afterId: number | null
  /** The card just below the drop; null at the bottom. */
  beforeId: number | null
  /** The cards above `afterId`, nearest first (absent: none named). */
  above?: number[]
  /** The cards below `beforeId`, nearest first. */
  below?: number[]
  /** A Position to keep if it sorts to that place (an undo: the card's old one), so none changes. */
  position?: number
}

export interface Placement {
  /** Where the card goes among the stage's other cards. */
  index: number
  /**
   * A card the user named decided it. False only when cards were named and none of them is in the
   * stage given: the caller may hold an old copy of the stage and should read it before trusting
   * the index.
   */
  anchored: boolean
}

/**
 * Where a card goes among `ids` (the destination's open cards in display order, without the moving
 * card): just below the nearest card named above the drop that is there, else just above the
 * nearest one named below it. When none of them is there: the top if the user dropped it at the
 * top of what they saw (nothing above), else the end, which never needs a shift and disturbs
 * nobody. Never "gone": a neighbour that left is no reason to refuse the user's move.
 */
export function placeAmong(ids: readonly number[], target: MoveTarget): Placement {
  const above = [target.afterId, ...(target.above ?? [])].filter((id): id is number => id !== null)
  const below = [target.beforeId, ...(target.below ?? [])].filter((id): id is number => id !== null)
  if (above.length + below.length === 0) return { index: ids.length, anchored: true }
  const at = new Map(ids.map((id, i) => [id, i]))
  for (const id of above) {
    const i = at.get(id)
    if (i !== undefined) return { index: i + 1, anchored: true }
  }
  for (const id of below) {
    const i = at.get(id)
    if (i !== undefined) return { index: i, anchored: true }
  }
  return { index: above.length === 0 ? 0 : ids.length, anchored: false }
}

/**
 * The target of a drop at `index` of `order` (the destination's open cards as the user sees them,
 * which may still hold `id` itself for a move within the stage; `index` counts the cards without
 * it, as vuedraggable's newIndex does), naming NEIGHBOURS_NAMED cards on each side.
 */
export function targetAt(order: readonly number[], id: number, columnId: number, index: number): MoveTarget {
  const rest = order.filter((other) => other !== id)
  const at = Math.max(0, Math.min(index, rest.length))
  const above = rest.slice(Math.max(0, at - 1 - NEIGHBOURS_NAMED), Math.max(0, at - 1)).reverse()
  const below = rest.slice(at + 1, at + 1 + NEIGHBOURS_NAMED)
  return {
    columnId,
    afterId: rest[at - 1] ?? null,
    beforeId: rest[at] ?? null,
    ...(above.length ? { above } : {}),
    ...(below.length ? { below } : {})
  }
}
