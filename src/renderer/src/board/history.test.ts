import { describe, expect, it } from 'vitest'
import { LIMIT, outcomeOf, record, redone, spotOf, undone, type Step } from './history'

const step = (id: number): Step => ({
  id,
  before: { to: { columnId: 1, afterId: null, beforeId: null }, outcome: { status: 'open' } },
  after: { to: { columnId: 2, afterId: null, beforeId: null }, outcome: { status: 'open' } }
})

describe('history', () => {
  it('knows a card’s state and place', () => {
    expect(outcomeOf({ Status: 3, LossReason: 4 })).toEqual({ status: 'lost', lossReason: 4 })
    expect(outcomeOf({ Status: 2 })).toEqual({ status: 'won' })
    expect(spotOf([5, 7, 9], { Id: 7, CrmBoardColumnId: 3, Position: 250 })).toEqual({
      columnId: 3,
      afterId: 5,
      beforeId: 9,
      position: 250
    })
    expect(spotOf([5, 7, 9], { Id: 8, CrmBoardColumnId: 3, Position: 40 })).toEqual({
      columnId: 3,
      afterId: null,
      beforeId: null,
      position: 40
    })
  })

  it('undoes newest first, redoes what was undone, and a new step forgets the future', () => {
    let h = record(record({ past: [], future: [] }, step(1)), step(2))
    const u = undone(h)!
    expect(u.step.id).toBe(2)
    h = u.history
    expect(redone(h)!.step.id).toBe(2)
    h = record(h, step(3))
    expect(h.future).toEqual([])
    expect(h.past.map((s) => s.id)).toEqual([1, 3])
    expect(undone({ past: [], future: [] })).toBeNull()
  })

  it(`keeps the last ${LIMIT} steps`, () => {
    let h = { past: [] as Step[], future: [] as Step[] }
    for (let i = 0; i < LIMIT + 5; i++) h = record(h, step(i))
    expect(h.past).toHaveLength(LIMIT)
    expect(h.past[0]!.id).toBe(5)
  })
})
