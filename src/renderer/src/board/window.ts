/**
 * Windowing a stage: which of its cards to draw for where it is scrolled, how much padding stands
 * in for the cards not drawn, and how a place among the drawn cards maps back to the whole stage.
 * Every card has the same height (ITEM_HEIGHT: the card plus the gap under it, OpportunityCard.css),
 * so all of this is arithmetic on indexes; nothing here reads the DOM.
 */

/**
 * A card's fixed height plus the gap below it, in CSS pixels (OpportunityCard.css, StageColumn.vue),
 * at the comfortable density; stores/display.ts has both densities.
 */
export const ITEM_HEIGHT = 112
/** Cards drawn beyond each edge of the visible part, so a fast scroll or a drag finds them there. */
export const OVERSCAN = 4

/** Indexes [start, end) of a stage's cards. */
export interface Range {
  start: number
  end: number
}

/** What a windowed stage draws: these indexes, in order, and the padding above and below them. */
export interface Slice {
  indexes: number[]
  padTop: number
  padBottom: number
}

const clamp = (value: number, min: number, max: number): number => Math.min(Math.max(value, min), max)

/** The cards in view at `scrollTop` (of a list `viewportHeight` tall), plus `overscan` either side. */
export function visibleRange(
  scrollTop: number,
  viewportHeight: number,
  itemHeight: number,
  count: number,
  overscan: number
): Range {
  if (count <= 0 || itemHeight <= 0) return { start: 0, end: 0 }
  const top = Math.max(0, scrollTop)
  const first = Math.floor(top / itemHeight)
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / itemHeight)
  const start = clamp(first - overscan, 0, count)
  return { start, end: clamp(last + overscan, start, count) }
}

/** `range` grown (downwards first) to hold at least `min` of `count` cards. */
export function atLeast(range: Range, min: number, count: number): Range {
  if (range.end - range.start >= min) return range
  const end = Math.min(count, range.start + min)
  return { start: Math.max(0, Math.min(range.start, end - min)), end }
}

/**
 * The slice to draw: `range` plus `pins` (indexes that must stay drawn wherever the stage is
 * scrolled, e.g. a card being dragged and the one above it), in stage order. Pinned cards outside
 * the range sit just above or below it, so the padding is reduced by one card each.
 */
export function sliceOf(range: Range, pins: readonly number[], count: number, itemHeight: number): Slice {
  const outside = [...new Set(pins)]
    .filter((i) => i >= 0 && i < count && (i < range.start || i >= range.end))
    .sort((a, b) => a - b)
  const above = outside.filter((i) => i < range.start)
  const below = outside.filter((i) => i >= range.end)
  const indexes = [...above]
  for (let i = range.start; i < range.end; i++) indexes.push(i)
  indexes.push(...below)
  return {
    indexes,
    padTop: Math.max(0, range.start - above.length) * itemHeight,
    padBottom: Math.max(0, count - range.end - below.length) * itemHeight
  }
}

/**
 * Where a dropped card lands in the whole stage, as an index among the stage's other cards (what
 * the store's moveCard takes). `drawn`: the stage indexes of the cards drawn, in order;
 * `sliceIndex`: where the card landed among the drawn cards other than itself (SortableJS's
 * newDraggableIndex); `movedIndex`: the card's own index in this stage, or -1 if it came from
 * elsewhere. For a plain window [start, end) and a card from another stage this is start + sliceIndex.
 */
export function sliceToColumn(drawn: readonly number[], sliceIndex: number, movedIndex: number): number {
  const others = movedIndex < 0 ? drawn : drawn.filter((i) => i !== movedIndex)
  // Indexes past the moved card shift up by one once it is taken out.
  const shift = (i: number): number => (movedIndex >= 0 && movedIndex < i ? i - 1 : i)
  if (others.length === 0) return 0
  const at = clamp(sliceIndex, 0, others.length)
  return at < others.length ? shift(others[at]!) : shift(others[others.length - 1]!) + 1
}

/**
 * Where a dropped card lands, from the cards the user saw around it when they let go: as an index
 * among the stage's other cards, right after `prevId` (or right before `nextId` when it went to
 * the top of what was drawn). Null when neither is in `order` (the caller falls back to indexes).
 * Read from the DOM at the drop, this holds even when a scroll has already changed which cards the
 * window draws but not yet the DOM, where the drawn indexes and the DOM disagree.
 */
export function dropIndexBetween(
  order: readonly number[],
  id: number,
  prevId: number | null,
  nextId: number | null
): number | null {
  const others = order.filter((other) => other !== id)
  const prev = prevId === null ? -1 : others.indexOf(prevId)
  if (prev >= 0) return prev + 1
  const next = nextId === null ? -1 : others.indexOf(nextId)
  return next >= 0 ? next : null
}

/** Where stage index `index` is among the drawn cards, or -1 when it is not drawn. */
export function columnToSlice(drawn: readonly number[], index: number): number {
  return drawn.indexOf(index)
}

/**
 * The scrollTop that brings card `index` fully into a list `viewportHeight` tall now scrolled to
 * `scrollTop` (`offset`: the list's own top padding), moving as little as possible.
 */
export function revealScrollTop(
  index: number,
  scrollTop: number,
  viewportHeight: number,
  itemHeight: number,
  offset = 0
): number {
  const top = offset + index * itemHeight
  const bottom = top + itemHeight
  if (top < scrollTop) return Math.max(0, top - offset)
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight)
  return scrollTop
}
