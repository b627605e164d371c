import { describe, expect, it } from 'vitest'
import { CrmOpportunity, PUT_STRIP_FIELDS } from '../../shared/nexudus'
import { effectiveChanges, toPutBody } from './record'

const fresh = CrmOpportunity.parse({
  Id: 11,
  UniqueId: 'c0ffee',
  CreatedOn: '2025-01-01T09:00:00.1234567Z',
  UpdatedOn: '2025-01-15T10:30:00.5830361Z',
  UpdatedBy: 'priya@example.com',
  IsNew: false,
  SystemId: 'crm-42',
  ToStringText: 'Ada Lovelace',
  LocalizationDetails: null,
  CustomFields: null,
  CrmBoardColumnId: 3,
  CrmBoardColumnName: 'Lead',
  CoworkerId: 5,
  Position: 100,
  Status: 1,
  Notes: 'Wants a desk by the window',
  DueDate: '2025-02-01T00:00:00Z',
  Value: 1200.5,
  WonOn: null,
  SomethingNew: { nested: [1, 2] }
})

describe('toPutBody', () => {
  it('sends the whole record minus the read-only base fields, with only the changes applied', () => {
    const body = toPutBody(fresh, { CrmBoardColumnId: 4, Position: 250 })
    for (const field of PUT_STRIP_FIELDS) expect(body).not.toHaveProperty(field)
    const kept = Object.fromEntries(
      Object.entries(fresh).filter(([key]) => !(PUT_STRIP_FIELDS as readonly string[]).includes(key))
    )
    expect(body).toEqual({ ...kept, CrmBoardColumnId: 4, Position: 250 })
    expect(body.SystemId).toBe('crm-42')
    expect(body.SomethingNew).toEqual({ nested: [1, 2] })
    expect(body.DueDate).toBe('2025-02-01T00:00:00Z')
  })

  it('sends explicit nulls, ignores undefined and never drops the Id', () => {
    const body = toPutBody(fresh, { LossReason: null, Status: undefined })
    expect(body).toHaveProperty('LossReason', null)
    expect(body.Status).toBe(1)
    expect(body.Id).toBe(11)
  })

  it('does not touch the record it was given', () => {
    const copy = structuredClone(fresh)
    toPutBody(fresh, { Position: 1 })
    expect(fresh).toEqual(copy)
  })
})

describe('effectiveChanges', () => {
  it('keeps only the fields that differ, treating missing as null', () => {
    expect(
      effectiveChanges(fresh, {
        CrmBoardColumnId: 3,
        Position: 150,
        WonOn: null,
        LostOn: null,
        Completed: false,
        Status: 1
      })
    ).toEqual({ Position: 150, Completed: false })
  })
})
