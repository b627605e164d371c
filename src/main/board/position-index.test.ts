import { describe, expect, it } from 'vitest'
import { PositionIndex, type Seen } from './position-index'

const rec = (Id: number, CrmBoardColumnId: number, Position: number, Status = 1): Seen => ({
  Id,
  CrmBoardColumnId,
  Position,
  Status
})
const sorted = (index: PositionIndex, columnId: number) =>
  index
    .open(columnId)
    ?.sort((a, b) => a.Position - b.Position)
    .map((card) => [card.Id, card.Position])

describe('PositionIndex', () => {
  it('keeps the open cards of every stage of a board, empty stages included', () => {
    const index = new PositionIndex()
    index.rememberBoard(
      [1, 2, 3],
      [rec(10, 1, 200), rec(11, 1, 100), rec(12, 2, 100, 2), rec(13, 9, 1)],
      index.ticket()
    )
    expect(sorted(index, 1)).toEqual([
      [11, 100],
      [10, 200]
    ])
    expect(sorted(index, 2)).toEqual([])
    expect(index.has(3)).toBe(true)
    expect(index.has(9)).toBe(false)
    expect(index.open(9)).toBeUndefined()
  })

  it('lets a newer read replace a stage, never an older one that answers late', () => {
    const index = new PositionIndex()
    const load = index.ticket()
    const reread = index.ticket()
    index.replace(1, [rec(10, 1, 500)], reread)
    index.rememberBoard([1], [rec(10, 1, 100)], load)
    expect(sorted(index, 1)).toEqual([[10, 500]])
  })

  it('moves one card from a record read by id, unless a stage was read after it', () => {
    const index = new PositionIndex()
    index.rememberBoard([1, 2], [rec(10, 1, 100), rec(11, 2, 100)], index.ticket())
    const get = index.ticket()
    index.replace(2, [rec(11, 2, 100)], index.ticket())
    index.note(rec(10, 2, 300), get)
    expect(sorted(index, 1)).toEqual([])
    // Stage 2 was read after that GET was sent: it knows better.
    expect(sorted(index, 2)).toEqual([[11, 100]])
    index.note(rec(11, 2, 100, 2), index.ticket())
    expect(sorted(index, 2)).toEqual([])
  })

  it('forgets a stage, and reads sent before that cannot bring it back', () => {
    const index = new PositionIndex()
    const early = index.ticket()
    index.rememberBoard([1], [rec(10, 1, 100)], index.ticket())
    index.forget(1)
    index.replace(1, [rec(10, 1, 100)], early)
    expect(index.has(1)).toBe(false)
    index.replace(1, [rec(10, 1, 700)], index.ticket())
    expect(sorted(index, 1)).toEqual([[10, 700]])
  })

  it('ignores reads sent before a sign-in change', () => {
    const index = new PositionIndex()
    const before = index.ticket()
    index.clear()
    index.rememberBoard([1], [rec(10, 1, 100)], before)
    expect(index.has(1)).toBe(false)
  })

  it('drops a deleted card from every stage, but not from a stage read after the delete', () => {
    const index = new PositionIndex()
    index.rememberBoard([1, 2], [rec(10, 1, 100), rec(11, 1, 200), rec(12, 2, 100)], index.ticket())
    const deleted = index.ticket()
    const later = index.ticket()
    index.replace(2, [rec(12, 2, 100), rec(10, 2, 300)], later)
    index.drop(10, deleted)
    expect(sorted(index, 1)).toEqual([[11, 200]])
    expect(sorted(index, 2)).toEqual([
      [12, 100],
      [10, 300]
    ])
    index.clear()
    index.drop(11, deleted)
    expect(index.has(1)).toBe(false)
  })
})
