import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { placeAt } from './order'
import {
  atLeast,
  columnToSlice,
  dropIndexBetween,
  revealScrollTop,
  sliceOf,
  sliceToColumn,
  visibleRange
} from './window'

describe('visibleRange', () => {
  it('draws the cards in view plus the overscan, clamped to the stage', () => {
    expect(visibleRange(0, 500, 100, 1000, 2)).toEqual({ start: 0, end: 7 })
    expect(visibleRange(1050, 500, 100, 1000, 2)).toEqual({ start: 8, end: 18 })
    expect(visibleRange(99_500, 500, 100, 1000, 2)).toEqual({ start: 993, end: 1000 })
    expect(visibleRange(0, 500, 100, 3, 2)).toEqual({ start: 0, end: 3 })
    expect(visibleRange(0, 500, 100, 0, 2)).toEqual({ start: 0, end: 0 })
    expect(visibleRange(-40, 500, 100, 10, 0)).toEqual({ start: 0, end: 5 })
  })

  it('always covers what is visible, and never more than view plus overscan', () => {
    fc.assert(
      fc.property(
        fc.nat(200_000),
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 1, max: 300 }),
        fc.nat(5000),
        fc.nat(10),
        (top, view, h, count, over) => {
          const { start, end } = visibleRange(top, view, h, count, over)
          expect(0 <= start && start <= end && end <= count).toBe(true)
          const first = Math.floor(top / h)
          const last = Math.min(count, Math.ceil((top + view) / h))
          if (first < count) expect(start <= first && end >= last).toBe(true)
          expect(end - start).toBeLessThanOrEqual(Math.ceil(view / h) + 1 + 2 * over)
        }
      )
    )
  })
})

describe('atLeast', () => {
  it('grows a short range downwards, then upwards at the end of the stage', () => {
    expect(atLeast({ start: 0, end: 5 }, 8, 100)).toEqual({ start: 0, end: 8 })
    expect(atLeast({ start: 95, end: 100 }, 8, 100)).toEqual({ start: 92, end: 100 })
    expect(atLeast({ start: 0, end: 3 }, 8, 3)).toEqual({ start: 0, end: 3 })
    const wide = { start: 10, end: 30 }
    expect(atLeast(wide, 8, 100)).toBe(wide)
  })
})

describe('sliceOf', () => {
  it('pads for the cards not drawn', () => {
    expect(sliceOf({ start: 10, end: 13 }, [], 100, 10)).toEqual({
      indexes: [10, 11, 12],
      padTop: 100,
      padBottom: 870
    })
  })

  it('keeps pinned cards drawn next to the range, in stage order, inside the padding', () => {
    expect(sliceOf({ start: 10, end: 13 }, [5, 4, 11, 50, -1, 200], 100, 10)).toEqual({
      indexes: [4, 5, 10, 11, 12, 50],
      padTop: 80,
      padBottom: 860
    })
  })

  it('keeps the total height whatever is pinned', () => {
    fc.assert(
      fc.property(fc.nat(500), fc.nat(500), fc.array(fc.nat(600), { maxLength: 3 }), (a, b, pins) => {
        const count = 500
        const range = { start: Math.min(a, b), end: Math.max(a, b) }
        const s = sliceOf(range, pins, count, 7)
        expect(s.padTop + s.padBottom + s.indexes.length * 7).toBe(count * 7)
        expect([...s.indexes].sort((x, y) => x - y)).toEqual(s.indexes)
      })
    )
  })
})

describe('sliceToColumn', () => {
  it('adds the slice start for a card from another stage', () => {
    const drawn = [40, 41, 42, 43]
    expect(sliceToColumn(drawn, 0, -1)).toBe(40)
    expect(sliceToColumn(drawn, 3, -1)).toBe(43)
    expect(sliceToColumn(drawn, 4, -1)).toBe(44)
    expect(sliceToColumn([], 0, -1)).toBe(0)
  })

  it('counts without the moved card within its own stage, drawn or pinned', () => {
    // Card 41 dragged within a window 40..43: landing before 43 is index 42 of the other cards.
    expect(sliceToColumn([40, 41, 42, 43], 2, 41)).toBe(42)
    expect(sliceToColumn([40, 41, 42, 43], 0, 41)).toBe(40)
    // Card 5 pinned above a window scrolled to 40..43: the others shift up by one.
    expect(sliceToColumn([4, 5, 40, 41, 42, 43], 1, 5)).toBe(39)
    expect(sliceToColumn([4, 5, 40, 41, 42, 43], 0, 5)).toBe(4)
    expect(sliceToColumn([4, 5, 40, 41, 42, 43], 5, 5)).toBe(43)
    // Card 90 pinned below the window: indexes above it are unchanged.
    expect(sliceToColumn([10, 11, 12, 89, 90], 1, 90)).toBe(11)
  })

  it('lands the card just before the drawn card it was dropped above, like a full list would', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.nat(59),
        fc.nat(59),
        fc.nat(59),
        fc.nat(60),
        (count, a, b, moved, at) => {
          const order = Array.from({ length: count }, (_, i) => i + 1000)
          const start = Math.min(a, b) % count
          const end = Math.min(count, Math.max(a, b) + 1)
          const movedIndex = moved % count
          const { indexes } = sliceOf({ start, end }, [movedIndex - 1, movedIndex], count, 1)
          const others = indexes.filter((i) => i !== movedIndex)
          const sliceIndex = at % (others.length + 1)
          const index = sliceToColumn(indexes, sliceIndex, movedIndex)
          const after = placeAt(order, order[movedIndex]!, index)
          const pos = after.indexOf(order[movedIndex]!)
          if (sliceIndex < others.length) expect(after[pos + 1]).toBe(order[others[sliceIndex]!])
          else expect(after[pos - 1]).toBe(order[others[others.length - 1]!])
        }
      )
    )
  })
})

describe('columnToSlice', () => {
  it('finds a stage index among the drawn ones', () => {
    expect(columnToSlice([4, 5, 40, 41], 40)).toBe(2)
    expect(columnToSlice([4, 5, 40, 41], 39)).toBe(-1)
  })
})

describe('revealScrollTop', () => {
  it('scrolls as little as needed to show the card whole', () => {
    expect(revealScrollTop(5, 0, 1000, 100)).toBe(0)
    expect(revealScrollTop(12, 0, 1000, 100)).toBe(300)
    expect(revealScrollTop(2, 500, 1000, 100)).toBe(200)
    expect(revealScrollTop(2, 500, 1000, 100, 4)).toBe(200)
    expect(revealScrollTop(12, 0, 1000, 100, 4)).toBe(304)
  })
})

describe('dropIndexBetween', () => {
  const order = [10, 20, 30, 40, 50]

  it('lands right after the card drawn above, wherever the window is', () => {
    expect(dropIndexBetween(order, 99, 30, 40)).toBe(3)
    expect(dropIndexBetween(order, 99, 50, null)).toBe(5)
  })

  it('counts among the other cards when the card moves within its own stage', () => {
    // 20 dropped below 40: others are [10, 30, 40, 50], so after 40 is index 3.
    expect(dropIndexBetween(order, 20, 40, 50)).toBe(3)
    // 40 dropped above 20 (at the top of what was drawn): before 20 is index 1.
    expect(dropIndexBetween(order, 40, null, 20)).toBe(1)
  })

  it('answers null when it saw neither neighbour in the stage (the caller falls back)', () => {
    expect(dropIndexBetween(order, 99, null, null)).toBeNull()
    expect(dropIndexBetween(order, 99, 77, 88)).toBeNull()
    expect(dropIndexBetween([], 99, null, null)).toBeNull()
  })

  it('agrees with placing by index: the card ends between the neighbours it was dropped between', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { maxLength: 30 }),
        fc.nat(),
        (ids, at) => {
          const card = 1000
          const slot = ids.length === 0 ? 0 : at % (ids.length + 1)
          const prev = slot > 0 ? ids[slot - 1]! : null
          const next = slot < ids.length ? ids[slot]! : null
          const index = dropIndexBetween(ids, card, prev, next)
          if (ids.length === 0) return index === null
          const placed = placeAt(ids, card, index!)
          const here = placed.indexOf(card)
          return placed[here - 1] === (prev ?? undefined) && placed[here + 1] === (next ?? undefined)
        }
      )
    )
  })
})
