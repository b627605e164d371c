/**
 * Where a moved card goes inside a stage. Positions are sparse integer sort keys (ties broken by Id),
 * so a move normally writes only the moved card; when its neighbours leave no room we also rewrite the
 * fewest neighbours possible, because every rewrite is its own rate-limited PUT.
 */

export interface Slot {
  id: number
  position: number
}

export const POSITION_STEP = 100
/** "1 for top" is the documented client default, so we never hand out anything lower. */
export const MIN_POSITION = 1
export const MAX_POSITION = 2_147_483_647

export interface MovePlan {
  position: number
  /** Neighbours to rewrite, with their new positions; each one costs a PUT. */
  shifts: Slot[]
}

/** The display order of a stage: Position ascending, then Id ascending. */
/** The shared ordering rule (src/shared/order.ts `byPosition`) on the planner's own slots. */
export function compareSlots(a: Slot, b: Slot): number {
  if (a.position !== b.position) return a.position < b.position ? -1 : 1
  if (a.id !== b.id) return a.id < b.id ? -1 : 1
  return 0
}

/**
 * column: the destination column in display order, without the moving card (the caller removes it first
 * when moving within one column). It may hold equal positions and positions outside
 * [MIN_POSITION, MAX_POSITION], written by other clients.
 * index: where the moving card must end up, 0..column.length.
 */
export function planMove(column: readonly Slot[], movingId: number, index: number): MovePlan {
  const n = column.length
  if (!Number.isInteger(index) || index < 0 || index > n) {
    throw new RangeError(`index ${index} is outside 0..${n}`)
  }
  if (column.some((slot) => slot.id === movingId)) {
    throw new RangeError(`card ${movingId} is already in the destination column`)
  }
  const seq = new Sequence(column, movingId, index)
  const { up, down } = cheapestSplit(seq)
  return place(seq, up, down)
}

/**
 * The column with the moving card inserted at `index`, never materialised so that a typical move stays
 * O(1) apart from the membership check. Indices are into that virtual sequence; the moving card is at k.
 */
class Sequence {
  readonly k: number
  readonly n: number

  constructor(
    readonly column: readonly Slot[],
    readonly movingId: number,
    index: number
  ) {
    this.k = index
    this.n = column.length
  }

  id(j: number): number {
    return j === this.k ? this.movingId : this.slot(j).id
  }

  slot(j: number): Slot {
    const slot = this.column[j < this.k ? j : j - 1]
    if (slot === undefined || j === this.k) throw new RangeError(`no column card at ${j}`)
    return slot
  }

  /**
   * How much the key must grow from j-1 to j: two cards may share a position only when their ids are
   * already in display order.
   */
  rise(j: number): number {
    return this.id(j) > this.id(j - 1) ? 0 : 1
  }

  /** The smallest position the run starting at j may take, given the kept card above it (if any). */
  floor(j: number): number {
    if (j === 0) return MIN_POSITION
    const above = this.slot(j - 1)
    return Math.max(MIN_POSITION, above.position + (this.id(j) > above.id ? 0 : 1))
  }

  /** The largest position the run ending at j may take, given the kept card below it (if any). */
  ceiling(j: number): number {
    if (j === this.n) return MAX_POSITION
    const below = this.slot(j + 1)
    return Math.min(MAX_POSITION, below.position - (this.id(j) < below.id ? 0 : 1))
  }
}

/**
 * Only a contiguous run around the moving card ever needs rewriting: a rewritten card outside that run
 * sits between kept cards that were already in order, so it could have kept its position instead.
 * For `up` cards rewritten above and `down` below, packing the run as low as possible gives the moving
 * card the key lowest[up]; packing it as high as possible gives it highest[down]. The run fits exactly
 * when lowest[up] <= highest[down], which turns the search into a pair of one-dimensional tables.
 */
function cheapestSplit(seq: Sequence): { up: number; down: number } {
  const { k, n } = seq
  const lowest: number[] = []
  const highest: number[] = []
  // Running maximum of highest[], so the first `down` that fits a given lowest[up] is a binary search.
  const highestSoFar: number[] = []
  let riseAbove = 0
  let riseBelow = 0
  const extend = (limit: number): void => {
    while (lowest.length <= Math.min(limit, k)) {
      const up = lowest.length
      if (up > 0) riseAbove += seq.rise(k - up + 1)
      lowest.push(seq.floor(k - up) + riseAbove)
    }
    while (highest.length <= Math.min(limit, n - k)) {
      const down = highest.length
      if (down > 0) riseBelow += seq.rise(k + down)
      const value = seq.ceiling(k + down) - riseBelow
      highest.push(value)
      highestSoFar.push(Math.max(value, highestSoFar[down - 1] ?? -Infinity))
    }
  }

  // Widen the window geometrically: a typical move is settled by the first, tiny window, while a packed
  // column costs O(t log t) for t rewrites rather than a scan of the whole column.
  let best = Infinity
  for (let limit = 4; ; limit *= 4) {
    extend(limit)
    for (let up = 0; up < lowest.length && up < best; up++) {
      const down = firstAtLeast(highestSoFar, lowest[up] ?? Infinity)
      if (down >= 0 && up + down < best) best = up + down
    }
    const complete = lowest.length === k + 1 && highest.length === n - k + 1
    if (best <= limit || complete) break
  }
  if (!Number.isFinite(best)) throw new RangeError('the column has more cards than positions')

  // Among the cheapest splits, take the one with the widest gap so later moves rarely need shifts.
  let chosen = { up: -1, down: -1 }
  let widest = -Infinity
  for (let up = Math.max(0, best - (n - k)); up <= Math.min(best, k); up++) {
    const down = best - up
    if ((lowest[up] ?? Infinity) > (highest[down] ?? -Infinity)) continue
    const width = gap(seq, up, down)
    if (width > widest) {
      widest = width
      chosen = { up, down }
    }
  }
  return chosen
}

function firstAtLeast(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if ((sorted[mid] ?? Infinity) >= value) hi = mid
    else lo = mid + 1
  }
  return lo < sorted.length ? lo : -1
}

/** The open interval a run may spread into; kept cards outside the range cannot widen it. */
function bounds(seq: Sequence, up: number, down: number): { low: number; high: number } {
  const first = seq.k - up
  const last = seq.k + down
  const low = first === 0 ? MIN_POSITION - 1 : Math.max(seq.slot(first - 1).position, MIN_POSITION - 1)
  const high = last === seq.n ? MAX_POSITION + 1 : Math.min(seq.slot(last + 1).position, MAX_POSITION + 1)
  return { low, high }
}

function gap(seq: Sequence, up: number, down: number): number {
  const { low, high } = bounds(seq, up, down)
  return high - low
}

/**
 * Assigns the run. `lowest`/`highest` are the tightest packings against each kept neighbour and every
 * valid assignment lies between them; `wanted` is the roomy layout. Clamping wanted into [lowest, highest]
 * card by card keeps every ordering constraint, because each of the three sequences satisfies them and
 * the median is monotone, so the roomy layout survives wherever it fits and bends only where it must.
 */
function place(seq: Sequence, up: number, down: number): MovePlan {
  const first = seq.k - up
  const count = up + down + 1
  const lowest: number[] = [seq.floor(first)]
  for (let i = 1; i < count; i++) lowest.push((lowest[i - 1] ?? 0) + seq.rise(first + i))
  const highest: number[] = new Array<number>(count)
  highest[count - 1] = seq.ceiling(first + count - 1)
  for (let i = count - 2; i >= 0; i--) highest[i] = (highest[i + 1] ?? 0) - seq.rise(first + i + 1)
  const wanted = layout(seq, up, down, lowest)

  let position = 0
  const shifts: Slot[] = []
  for (let i = 0; i < count; i++) {
    const value = median(lowest[i] ?? 0, wanted[i] ?? 0, highest[i] ?? 0)
    if (i === up) {
      position = value
      continue
    }
    const card = seq.slot(first + i)
    // A rewrite that changes nothing would only spend a PUT.
    if (card.position !== value) shifts.push({ id: card.id, position: value })
  }
  return { position, shifts }
}

function layout(seq: Sequence, up: number, down: number, lowest: readonly number[]): number[] {
  const count = up + down + 1
  const atTop = seq.k - up === 0
  const atBottom = seq.k + down === seq.n
  const { low, high } = bounds(seq, up, down)
  const steps = (from: number, sign: 1 | -1): number[] =>
    Array.from({ length: count }, (_, i) => from + sign * (sign === 1 ? i + 1 : count - i) * POSITION_STEP)

  // Appending leaves the most room below for the next append; the cap is enforced by the clamp.
  if (atBottom) return steps(low, 1)
  if (atTop && high - count * POSITION_STEP >= MIN_POSITION) return steps(high, -1)
  const width = high - low
  // Too narrow for distinct positions: only id ties make it fit, so pack as tightly as the run allows.
  if (width < count + 1) return [...lowest]
  return Array.from({ length: count }, (_, i) => low + Math.floor(((i + 1) * width) / (count + 1)))
}

function median(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c))
}
