/**
 * Where in the destination's open cards the user dropped the card. The renderer names neighbours,
 * not positions, because positions are the server's business (it may renumber, API doc §6.4, O6)
 * and the renderer's copy may be old. A neighbour may have left the stage since the user saw it.
 */

export type Placement = { kind: 'index'; index: number } | { kind: 'gone' }

/**
 * ids: the destination's open cards in display order, without the moving card.
 * - just below `afterId` when it is still there; else just above `beforeId` when it is;
 * - both null (the user saw an empty stage): the end, which never needs a shift; in a stage that
 *   filled up meanwhile any place honours "this stage", and the end disturbs nobody;
 * - a neighbour was named but none is still there: `gone`, because the place the user chose no
 *   longer exists and guessing would put the card where nobody asked.
 */
export function placement(
  ids: readonly number[],
  afterId: number | null,
  beforeId: number | null
): Placement {
  if (afterId !== null) {
    const i = ids.indexOf(afterId)
    if (i >= 0) return { kind: 'index', index: i + 1 }
  }
  if (beforeId !== null) {
    const i = ids.indexOf(beforeId)
    if (i >= 0) return { kind: 'index', index: i }
  }
  if (afterId === null && beforeId === null) return { kind: 'index', index: ids.length }
  return { kind: 'gone' }
}
