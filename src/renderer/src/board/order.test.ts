import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  deriveOrders,
  mergePending,
  placeAmong,
  placeAt,
  restoreInto,
  sortedIndex,
  targetAt,
  without
} from './order'

const rec = (Id: number, CrmBoardColumnId: number, Position: number, Status: 1 | 2 | 3 = 1) => ({
  Id,
  CrmBoardColumnId,
  Position,
  Status
})

describe('deriveOrders', () => {
  it('keeps open cards only, by (Position, Id), with an entry for every stage', () => {
    const orders = deriveOrders(
      [rec(3, 1, 10), rec(1, 1, 10), rec(2, 1, 5), rec(4, 1, 1, 2), rec(5, 2, 7), rec(6, 9, 1)],
      [1, 2, 3]
    )
    expect(orders).toEqual({ 1: [2, 1, 3], 2: [5], 3: [] })
  })
})

describe('targetAt', () => {
  it('names the neighbours at the drop index in another stage', () => {
    expect(targetAt([21, 22, 23], 11, 2, 0)).toMatchObject({ columnId: 2, afterId: null, beforeId: 21 })
    expect(targetAt([21, 22, 23], 11, 2, 2)).toMatchObject({ columnId: 2, afterId: 22, beforeId: 23 })
    expect(targetAt([21, 22, 23], 11, 2, 3)).toMatchObject({ columnId: 2, afterId: 23, beforeId: null })
  })

  it('leaves the card itself out when it moves within its stage', () => {
    expect(targetAt([1, 2, 3, 4], 1, 7, 2)).toMatchObject({ columnId: 7, afterId: 3, beforeId: 4 })
    expect(targetAt([1, 2, 3, 4], 4, 7, 0)).toMatchObject({ columnId: 7, afterId: null, beforeId: 1 })
  })

  it('names no neighbour in an empty stage, and clamps the index', () => {
    expect(targetAt([], 5, 3, 0)).toMatchObject({ columnId: 3, afterId: null, beforeId: null })
    expect(targetAt([1], 5, 3, 9)).toMatchObject({ columnId: 3, afterId: 1, beforeId: null })
  })

  it('agrees with placeAt: the card lands between the named neighbours', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 50 }), { maxLength: 12 }),
        fc.nat(15),
        fc.integer({ min: 1, max: 50 }),
        (order, index, id) => {
          const placed = placeAt(order, id, index)
          const target = targetAt(order, id, 1, index)
          const at = placed.indexOf(id)
          expect(placed[at - 1] ?? null).toBe(target.afterId)
          expect(placed[at + 1] ?? null).toBe(target.beforeId)
          // The shared rule reads the target back to the same place.
          expect(placeAmong(without(order, id), target).index).toBe(at)
        }
      )
    )
  })
})

describe('restoreInto', () => {
  it('puts the card back below the card it was below, whatever else moved', () => {
    expect(restoreInto([1, 3, 9], 2, [1, 2, 3])).toEqual([1, 2, 3, 9])
    expect(restoreInto([9, 3], 2, [1, 2, 3])).toEqual([9, 2, 3])
    expect(restoreInto([], 2, [1, 2, 3])).toEqual([2])
  })

  it('is exact when nothing else changed', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.nat(40), { minLength: 1, maxLength: 12 }), fc.nat(11), (before, pick) => {
        const id = before[pick % before.length]!
        expect(
          restoreInto(
            before.filter((x) => x !== id),
            id,
            before
          )
        ).toEqual(before)
      })
    )
  })
})

describe('mergePending', () => {
  it("takes the server's order and keeps cards still saving where the user put them", () => {
    const pending = (id: number) => id === 7
    expect(mergePending([1, 2, 3], [1, 7, 2, 3], pending)).toEqual([1, 7, 2, 3])
    expect(mergePending([3, 2, 1], [7, 1, 2, 3], pending)).toEqual([7, 3, 2, 1])
    // The server still lists the saving card in its old stage: it stays out of here.
    expect(mergePending([1, 7, 2], [1, 2], pending)).toEqual([1, 2])
  })
})

describe('sortedIndex', () => {
  it('finds the place by (Position, Id)', () => {
    const records = new Map([
      [1, { Id: 1, Position: 10 }],
      [2, { Id: 2, Position: 20 }],
      [3, { Id: 3, Position: 20 }]
    ])
    const lookup = (id: number) => records.get(id)
    expect(sortedIndex([1, 2, 3], { Id: 9, Position: 15 }, lookup)).toBe(1)
    expect(sortedIndex([1, 2, 3], { Id: 2.5, Position: 20 }, lookup)).toBe(2)
    expect(sortedIndex([1, 2, 3], { Id: 9, Position: 99 }, lookup)).toBe(3)
  })
})
