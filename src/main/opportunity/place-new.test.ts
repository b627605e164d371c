import { describe, expect, it } from 'vitest'
import { CrmOpportunity } from '../../shared/nexudus'
import { MIN_POSITION } from '../board/positions'
import { placeAtTop, topTarget } from './create'

const cards = (...positions: [number, number][]) => positions.map(([Id, Position]) => ({ Id, Position }))

describe('placeAtTop', () => {
  it('puts the first card of an empty stage at a roomy Position', () => {
    expect(placeAtTop(4, [])).toMatchObject({ columnId: 4, position: 100, shifts: [] })
  })

  it('goes into the gap above the first open card, moving nobody', () => {
    const placed = placeAtTop(4, cards([12, 300], [11, 100], [13, 200]))
    expect(placed.shifts).toEqual([])
    expect(placed.position).toBeGreaterThanOrEqual(MIN_POSITION)
    expect(placed.position).toBeLessThan(100)
  })

  it('never shares a Position with the first card, whatever Id the server will give', () => {
    const placed = placeAtTop(4, cards([5, 2], [6, 400]))
    expect(placed.position).toBe(1)
    expect(placed.shifts).toEqual([])
  })

  it('shifts the fewest neighbours when there is no room above, and never goes below 1', () => {
    // 5 may share 6's Position (its Id sorts first), so only 5 has to move.
    const placed = placeAtTop(4, cards([5, 1], [6, 2], [7, 500]))
    expect(placed.position).toBe(MIN_POSITION)
    expect(placed.shifts).toEqual([{ id: 5, position: 2 }])

    // Here 5 sorts below 6 by Id, so both move, spread into the room above 7.
    const packed = placeAtTop(4, cards([6, 1], [5, 2], [7, 500]))
    expect(packed.shifts.map((s) => s.id).sort()).toEqual([5, 6])
    const after = new Map(packed.shifts.map((s) => [s.id, s.position]))
    expect(packed.position).toBeGreaterThanOrEqual(MIN_POSITION)
    expect(after.get(6)).toBeGreaterThan(packed.position)
    expect(after.get(5)).toBeGreaterThan(after.get(6)!)
    expect(after.get(5)).toBeLessThan(500)

    // Positions below 1 written by another client are moved up rather than undercut.
    const negative = placeAtTop(4, cards([5, -40], [6, 0]))
    expect(negative.position).toBeGreaterThanOrEqual(MIN_POSITION)
    expect(negative.shifts.map((s) => s.id).sort()).toEqual([5, 6])
    expect(negative.shifts.every((s) => s.position > negative.position)).toBe(true)
  })
})

describe('topTarget', () => {
  const record = (Id: number, Position: number, Status = 1, CrmBoardColumnId = 4) =>
    CrmOpportunity.parse({ Id, Position, Status, CrmBoardColumnId, CoworkerId: 1 })

  it('is null when the card is first among the open cards', () => {
    expect(topTarget(4, 9, [record(9, 50), record(1, 60), record(2, 10, 2)])).toBeNull()
  })

  it('names the card it must go above when another open card sorts first', () => {
    expect(topTarget(4, 9, [record(9, 50), record(1, 40), record(2, 10)])).toEqual({
      columnId: 4,
      afterId: null,
      beforeId: 2
    })
  })

  it('is null when the card is not open in the stage (there is no top to hold)', () => {
    expect(topTarget(4, 9, [record(9, 50, 3), record(1, 40)])).toBeNull()
    expect(topTarget(4, 9, [record(9, 50, 1, 5), record(1, 40)])).toBeNull()
  })
})
