import { describe, expect, it } from 'vitest'
import { CrmOpportunityHistory } from '../../shared/nexudus'
import { stageVisits } from './history'

const row = (Id: number, ToTime: string | null, CrmOpportunityId = 7) =>
  CrmOpportunityHistory.parse({
    Id,
    CrmOpportunityId,
    OldCrmBoardColumnId: 1,
    OldCrmBoardColumnName: 'Lead',
    NewCrmBoardColumnId: 2,
    NewCrmBoardColumnName: 'Tour',
    FromTime: '2025-01-01T09:00:00Z',
    ToTime,
    UserId: 3,
    UserFullName: 'Alex Morgan',
    UpdatedBy: 'alex@example.com',
    SomethingNew: true
  })

describe('stageVisits', () => {
  it('keeps the opportunity’s own rows, oldest first by ToTime as instants, then by Id', () => {
    const rows = [
      row(50, '2025-03-01T10:00:00Z'),
      row(40, '2025-03-01T11:00:00+02:00'),
      row(30, '2025-02-01T00:00:00.1234567Z'),
      row(20, '2025-03-01T10:00:00.0000000Z'),
      row(10, '2025-01-01T00:00:00Z', 8)
    ]
    expect(stageVisits(rows, 7).map((visit) => visit.Id)).toEqual([30, 40, 20, 50])
  })

  it('puts rows without a readable ToTime last', () => {
    // A server may send what the schema lets through as a string yet no date can be read from.
    const rows = [
      row(3, null),
      { ...row(2, null), ToTime: '2025-13-45T99:99:99Z' },
      row(1, '2025-01-01T00:00:00Z')
    ]
    expect(stageVisits(rows, 7).map((visit) => visit.Id)).toEqual([1, 2, 3])
  })

  it('answers only what the drawer shows of a row', () => {
    expect(stageVisits([row(1, '2025-01-01T00:00:00Z')], 7)).toEqual([
      {
        Id: 1,
        OldCrmBoardColumnId: 1,
        OldCrmBoardColumnName: 'Lead',
        NewCrmBoardColumnId: 2,
        NewCrmBoardColumnName: 'Tour',
        FromTime: '2025-01-01T09:00:00Z',
        ToTime: '2025-01-01T00:00:00Z',
        UserFullName: 'Alex Morgan'
      }
    ])
  })
})
