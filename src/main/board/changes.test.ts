import { describe, expect, it } from 'vitest'
import { unpackCards, type BoardCard } from '../../shared/card'
import { changedSince, minuteOf } from './changes'
import { sandboxSuite } from './suite'

const card = (Id: number, UpdatedOn: string | null): BoardCard => ({
  Id,
  Position: 100,
  CrmBoardColumnId: 1,
  Status: 1,
  UpdatedOn
})

describe('changedSince', () => {
  it('keeps the cards of the minute of `since` and later, whatever their fraction digits', () => {
    const changes = changedSince(
      [
        card(1, '2026-12-03T10:14:59.9999999Z'),
        card(2, '2026-12-03T10:15:00.0000000Z'),
        card(3, '2026-12-03T10:15:30.1234567Z'),
        card(4, '2026-12-03T11:00:00Z'),
        card(5, null)
      ],
      '2026-12-03T10:15:30.1234567Z'
    )
    expect(changes.cards.map((c) => c.Id)).toEqual([2, 3, 4])
    expect(changes.through).toBe('2026-12-03T11:00:00Z')
  })

  it('answers `since` itself when nothing is newer', () => {
    expect(changedSince([card(1, '2026-12-03T10:00:00Z')], '2026-12-03T10:15:00Z')).toEqual({
      cards: [],
      through: '2026-12-03T10:15:00Z'
    })
  })
})

describe('minuteOf', () => {
  it('is the minute the range filter takes, in the server’s own terms', () => {
    expect(minuteOf('2026-12-03T10:15:30.1234567Z')).toBe('2026-12-03T10:15')
    expect(minuteOf('2026-12-03T10:15:30+01:00')).toBe('2026-12-03T09:15')
    expect(minuteOf('soon')).toBeNull()
  })
})

describe('board.changes against the sandbox', () => {
  const t = sandboxSuite()

  it('answers the cards a colleague changed since the moment given, in one request, and the next moment', async () => {
    const boardId = t.view.boardId('Memberships & desks')
    const snapshot = await t.session.handlers['board.load']({ boardId })
    const cards = unpackCards(snapshot.cards)
    const latest = changedSince(cards, '2000-01-01T00:00:00Z').through
    const id = t.view.openIds(t.view.stageId('Memberships & desks', 'New enquiry'))[0]!
    const to = t.view.stageId('Memberships & desks', 'Negotiation')
    // A colleague moves it in the web app a minute later.
    t.sandbox.control.setSwitches({ clockOffsetMs: 60_000 })
    t.sandbox.control.patchOpportunity(id, { CrmBoardColumnId: to, Name: 'Moved elsewhere' })
    t.sandbox.control.clearRequests()

    const changes = await t.session.handlers['board.changes']({ boardId, since: latest })
    expect(changes.cards.map((c) => c.Id)).toContain(id)
    expect(changes.cards.find((c) => c.Id === id)).toMatchObject({
      CrmBoardColumnId: to,
      Name: 'Moved elsewhere'
    })
    expect(changes.through).toBe(t.view.record(id).UpdatedOn)
    // Two requests: the changes, and the board's count (one record), which shows deletions.
    const [request, count] = t.view.requests()
    expect(t.view.requests()).toHaveLength(2)
    expect(request!.query).toMatchObject({
      CrmOpportunity_CrmBoardColumn_CrmBoard_Id: String(boardId),
      from_CrmOpportunity_UpdatedOn: minuteOf(latest)
    })
    expect(count!.query).toMatchObject({
      CrmOpportunity_CrmBoardColumn_CrmBoard_Id: String(boardId),
      size: '1'
    })
    expect(changes.total).toBe(cards.length)
    const again = await t.session.handlers['board.changes']({ boardId, since: changes.through })
    expect(again.cards.map((c) => c.Id)).toEqual([id])

    // A colleague deletes a card in the web app: it is not among the changes, but the count drops.
    const gone = t.view.openIds(t.view.stageId('Memberships & desks', 'Tour booked'))[0]!
    t.sandbox.control.state.data.opportunities.delete(gone)
    const after = await t.session.handlers['board.changes']({ boardId, since: changes.through })
    expect(after.cards.map((c) => c.Id)).not.toContain(gone)
    expect(after.total).toBe(cards.length - 1)
  })
})
