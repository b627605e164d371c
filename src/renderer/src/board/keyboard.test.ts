import { describe, expect, it } from 'vitest'
import { isHome, pickUp, positionText, preview, step, type Layout } from './keyboard'

const orders: Record<number, number[]> = { 1: [11, 12, 13], 2: [21], 3: [] }
const layout: Layout = { columnIds: [1, 2, 3], order: (col) => orders[col] ?? [] }

describe('keyboard moves', () => {
  it('picks a card up where it stands', () => {
    expect(pickUp(12, layout)).toEqual({
      id: 12,
      origin: { columnId: 1, index: 1 },
      at: { columnId: 1, index: 1 }
    })
    expect(pickUp(99, layout)).toBeNull()
  })

  it('moves up and down within the stage and stops at the ends', () => {
    const lift = pickUp(12, layout)!
    const up = step(lift, 'ArrowUp', layout)
    expect(up.at).toEqual({ columnId: 1, index: 0 })
    expect(step(up, 'ArrowUp', layout)).toBe(up)
    const down = step(step(lift, 'ArrowDown', layout), 'ArrowDown', layout)
    expect(down.at).toEqual({ columnId: 1, index: 2 })
  })

  it('moves to the neighbouring stage keeping a sensible index, and stops at the edges', () => {
    const lift = pickUp(13, layout)!
    const right = step(lift, 'ArrowRight', layout)
    expect(right.at).toEqual({ columnId: 2, index: 1 })
    const further = step(right, 'ArrowRight', layout)
    expect(further.at).toEqual({ columnId: 3, index: 0 })
    expect(step(further, 'ArrowRight', layout)).toBe(further)
    expect(step(lift, 'ArrowLeft', layout)).toBe(lift)
    expect(isHome(lift)).toBe(true)
    expect(isHome(right)).toBe(false)
  })

  it('draws the lifted card at its spot and nowhere else', () => {
    const lift = step(pickUp(11, layout)!, 'ArrowRight', layout)
    expect(preview(lift, 1, orders[1]!)).toEqual([12, 13])
    expect(preview(lift, 2, orders[2]!)).toEqual([11, 21])
    expect(preview(lift, 3, orders[3]!)).toBe(orders[3])
    expect(preview(null, 1, orders[1]!)).toBe(orders[1])
  })

  it('words the position', () => {
    expect(positionText('Jane Doe', 'Tour booked', 1, 5)).toBe('Jane Doe: Tour booked, position 2 of 5')
  })
})
