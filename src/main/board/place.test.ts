import { describe, expect, it } from 'vitest'
import type { CrmOpportunity } from '../../shared/nexudus'
import { landing, placeCard } from './place'

const card = (Id: number, Position: number, CrmBoardColumnId = 4): CrmOpportunity => ({
  Id,
  Position,
  CrmBoardColumnId,
  CoworkerId: 1,
  Status: 1
})

const stage = [card(2, 300), card(1, 100), card(3, 200)]

describe('placeCard', () => {
  it('places between the named neighbours, in display order, without shifts when there is a gap', () => {
    const placed = placeCard(card(9, 50, 3), { columnId: 4, afterId: 1, beforeId: 3 }, stage)
    expect(placed).toMatchObject({ columnId: 4, shifts: [], anchored: true })
    expect(placed.position).toBeGreaterThan(100)
    expect(placed.position).toBeLessThan(200)
  })

  it('gives a card from another stage a roomy Position even when its own would sort right', () => {
    const placed = placeCard(card(9, 100, 3), { columnId: 4, afterId: null, beforeId: 1 }, stage)
    expect(placed.position).toBeLessThan(100)
  })

  it('keeps a Position asked for (an undo) when it sorts to the chosen place, and only then', () => {
    const back = placeCard(card(9, 50, 3), { columnId: 4, afterId: 1, beforeId: 3, position: 117 }, stage)
    expect(back).toMatchObject({ position: 117, shifts: [] })
    // 250 sorts after 3 (Position 200), not between 1 and 3: the planner's own choice instead.
    const wrong = placeCard(card(9, 50, 3), { columnId: 4, afterId: 1, beforeId: 3, position: 250 }, stage)
    expect(wrong.position).not.toBe(250)
    // A tie with a neighbour is no place of its own either.
    const tie = placeCard(card(9, 50, 3), { columnId: 4, afterId: 1, beforeId: 3, position: 200 }, stage)
    expect(tie.position).not.toBe(200)
  })

  it('keeps the Position of a card that already sorts to the chosen place', () => {
    const own = card(9, 150)
    expect(placeCard(own, { columnId: 4, afterId: 1, beforeId: 3 }, [...stage, own])).toMatchObject({
      position: 150,
      shifts: []
    })
  })

  it('ignores the moving card in the stage it was read from', () => {
    const own = card(3, 200)
    const placed = placeCard(own, { columnId: 4, afterId: null, beforeId: 1 }, stage)
    expect(placed.position).toBeLessThan(100)
  })

  it('shifts the fewest neighbours when there is no gap', () => {
    // Ids chosen so that no tie can help: 5 must sort strictly after 8 and strictly before 2.
    const packed = [card(8, 1), card(2, 2), card(3, 3), card(4, 1000)]
    const placed = placeCard(card(5, 5000, 3), { columnId: 4, afterId: 8, beforeId: 2 }, packed)
    expect(placed.shifts.length).toBe(1)
    expect(placed.before.get(2)).toBe(2)
  })

  it('goes to the end, unanchored, when none of the named neighbours is in the stage', () => {
    const placed = placeCard(card(9, 1), { columnId: 4, afterId: 77, beforeId: 78 }, stage)
    expect(placed.anchored).toBe(false)
    expect(placed.position).toBeGreaterThan(Math.max(...stage.map((c) => c.Position)))
  })

  it('takes the next card the user named when the nearest are not in the stage (not saved yet)', () => {
    const ids = [...stage].sort((a, b) => a.Position - b.Position || a.Id - b.Id).map((c) => c.Id)
    const placed = placeCard(
      card(9, 1),
      { columnId: 4, afterId: 77, beforeId: 78, above: [76, ids[0]!] },
      stage
    )
    expect(placed.anchored).toBe(true)
    const after = stage.find((c) => c.Id === ids[0])!.Position
    const next = stage.find((c) => c.Id === ids[1])?.Position ?? Infinity
    expect(placed.position).toBeGreaterThan(after)
    expect(placed.position).toBeLessThan(next)
  })
})

describe('landing', () => {
  const target = { columnId: 4, afterId: 1, beforeId: 3 }

  it('is yes just below the card named above it, and no elsewhere', () => {
    expect(landing(9, target, [...stage, card(9, 150)])).toBe('yes')
    expect(landing(9, target, [...stage, card(9, 250)])).toBe('no')
  })

  it('falls back to the card named below it when the one above has left', () => {
    const rest = [card(2, 300), card(3, 200)]
    expect(landing(9, target, [...rest, card(9, 150)])).toBe('yes')
    expect(landing(9, target, [...rest, card(9, 250)])).toBe('no')
  })

  it('is moot when the card is closed or elsewhere, or every named neighbour left', () => {
    expect(landing(9, target, [...stage, { ...card(9, 150), Status: 2 }])).toBe('moot')
    expect(landing(9, target, [...stage, card(9, 150, 5)])).toBe('moot')
    expect(landing(9, target, [card(2, 300), card(9, 150)])).toBe('moot')
  })

  it('wants the end of the stage when no neighbour was named', () => {
    const end = { columnId: 4, afterId: null, beforeId: null }
    expect(landing(9, end, [...stage, card(9, 400)])).toBe('yes')
    expect(landing(9, end, [...stage, card(9, 250)])).toBe('no')
  })
})
