import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compareSlots, planMove, type Slot } from './positions'
import { orderShifts } from './shift-order'

describe('orderShifts', () => {
  it('writes cards pushed down from the bottom up, and cards pushed up from the top down', () => {
    const before = new Map([
      [1, 10],
      [2, 11],
      [3, 12],
      [4, 13]
    ])
    const shifts: Slot[] = [
      { id: 3, position: 40 },
      { id: 1, position: 5 },
      { id: 4, position: 50 },
      { id: 2, position: 6 }
    ]
    expect(orderShifts(shifts, before).map((s) => s.id)).toEqual([4, 3, 1, 2])
  })

  it('never lets one card pass another between single writes, for any plan', () => {
    const column = fc
      .uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 30 })
      .chain((ids) =>
        fc.tuple(
          fc.constant(ids),
          fc.array(fc.integer({ min: 1, max: 40 }), { minLength: ids.length, maxLength: ids.length })
        )
      )
      .map(([ids, positions]) => ids.map((id, i) => ({ id, position: positions[i] ?? 1 })).sort(compareSlots))
    fc.assert(
      fc.property(column, fc.nat(), (slots, at) => {
        const index = at % (slots.length + 1)
        const plan = planMove(slots, 100_000, index)
        const before = new Map(slots.map((s) => [s.id, s.position]))
        const current = new Map(before)
        const order = () => [...current].map(([id, position]) => ({ id, position })).sort(compareSlots)
        const initial = order().map((s) => s.id)
        for (const shift of orderShifts(plan.shifts, before)) {
          current.set(shift.id, shift.position)
          expect(order().map((s) => s.id)).toEqual(initial)
        }
        expect(orderShifts(plan.shifts, before)).toHaveLength(plan.shifts.length)
      })
    )
  })
})
