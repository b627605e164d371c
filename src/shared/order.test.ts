import { describe, expect, it } from 'vitest'
import { byPosition, NEIGHBOURS_NAMED, placeAmong, targetAt, type MoveTarget } from './order'

const ids = [10, 20, 30]
const to = (afterId: number | null, beforeId: number | null, more: Partial<MoveTarget> = {}): MoveTarget => ({
  columnId: 1,
  afterId,
  beforeId,
  ...more
})

describe('byPosition', () => {
  it('orders by Position, then Id', () => {
    const cards = [
      { Id: 3, Position: 2 },
      { Id: 1, Position: 5 },
      { Id: 2, Position: 2 }
    ]
    expect([...cards].sort(byPosition).map((c) => c.Id)).toEqual([2, 3, 1])
  })
})

describe('placeAmong', () => {
  it('goes just below afterId, or just above beforeId', () => {
    expect(placeAmong(ids, to(10, 20))).toEqual({ index: 1, anchored: true })
    expect(placeAmong(ids, to(30, null))).toEqual({ index: 3, anchored: true })
    expect(placeAmong(ids, to(null, 10))).toEqual({ index: 0, anchored: true })
  })

  it('prefers afterId when both are there but no longer adjacent', () => {
    expect(placeAmong(ids, to(10, 30))).toEqual({ index: 1, anchored: true })
  })

  it('falls back to the other neighbour when one is not in the stage', () => {
    expect(placeAmong(ids, to(99, 30))).toEqual({ index: 2, anchored: true })
    expect(placeAmong(ids, to(20, 99))).toEqual({ index: 2, anchored: true })
  })

  it('takes the next card named, in the user’s order, when the nearest ones are not saved yet', () => {
    // The user saw 10, 98, 99, [drop], 97, 30: 98 and 99 are still on their way to this stage.
    expect(placeAmong(ids, to(99, 97, { above: [98, 10], below: [30] }))).toEqual({
      index: 1,
      anchored: true
    })
    expect(placeAmong(ids, to(99, 97, { above: [98], below: [30] }))).toEqual({ index: 2, anchored: true })
  })

  it('is never gone: with none of the named cards there, the top when dropped at the top, else the end', () => {
    expect(placeAmong(ids, to(99, 98))).toEqual({ index: 3, anchored: false })
    expect(placeAmong(ids, to(99, null))).toEqual({ index: 3, anchored: false })
    expect(placeAmong(ids, to(null, 98, { below: [97] }))).toEqual({ index: 0, anchored: false })
    expect(placeAmong([], to(null, 98))).toEqual({ index: 0, anchored: false })
  })

  it('puts a card dropped on a stage seen empty at its end', () => {
    expect(placeAmong([], to(null, null))).toEqual({ index: 0, anchored: true })
    expect(placeAmong(ids, to(null, null))).toEqual({ index: 3, anchored: true })
  })
})

describe('targetAt', () => {
  it('names the cards around the drop, nearest first, without the moving card', () => {
    expect(targetAt([1, 2, 3, 4, 5], 3, 7, 2)).toEqual({
      columnId: 7,
      afterId: 2,
      beforeId: 4,
      above: [1],
      below: [5]
    })
    expect(targetAt([1, 2], 9, 7, 0)).toEqual({ columnId: 7, afterId: null, beforeId: 1, below: [2] })
    expect(targetAt([1, 2], 9, 7, 5)).toEqual({ columnId: 7, afterId: 2, beforeId: null, above: [1] })
    expect(targetAt([], 9, 7, 0)).toEqual({ columnId: 7, afterId: null, beforeId: null })
  })

  it('names at most NEIGHBOURS_NAMED more on each side', () => {
    const order = Array.from({ length: 100 }, (_, i) => i + 1)
    const target = targetAt(order, 0, 1, 50)
    expect(target.afterId).toBe(50)
    expect(target.above).toHaveLength(NEIGHBOURS_NAMED)
    expect(target.above?.[0]).toBe(49)
    expect(target.below).toHaveLength(NEIGHBOURS_NAMED)
    expect(target.below?.[0]).toBe(52)
  })

  it('round-trips: the target of a drop places the card at that drop', () => {
    const order = [5, 6, 7, 8]
    for (let index = 0; index <= 4; index++)
      expect(placeAmong(order, targetAt(order, 99, 1, index)).index).toBe(index)
  })
})
