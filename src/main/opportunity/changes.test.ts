import { describe, expect, it } from 'vitest'
import { AppError } from '../bridge/errors'
import { crossFieldError, recordChanges, toNexudusDate } from './changes'

describe('toNexudusDate', () => {
  it('writes a new day as midnight UTC, the form Nexudus writes CRM dates in', () => {
    expect(toNexudusDate('2025-02-01', null)).toBe('2025-02-01T00:00:00Z')
    expect(toNexudusDate('2025-02-01', undefined)).toBe('2025-02-01T00:00:00Z')
    expect(toNexudusDate('2025-02-01', '2025-01-31T23:30:00.1234567Z')).toBe('2025-02-01T00:00:00Z')
  })

  it('sends the record’s own string back when the day is unchanged, whatever its time or zone', () => {
    expect(toNexudusDate('2025-02-01', '2025-02-01T09:15:00.5830361Z')).toBe('2025-02-01T09:15:00.5830361Z')
    expect(toNexudusDate('2025-02-01', '2025-02-01T23:00:00-05:00')).toBe('2025-02-01T23:00:00-05:00')
    expect(toNexudusDate('2025-02-01', '2025-02-01')).toBe('2025-02-01')
  })

  it('clears with null', () => {
    expect(toNexudusDate(null, '2025-02-01T00:00:00Z')).toBeNull()
  })
})

describe('recordChanges', () => {
  const current = { DueDate: '2025-02-01T10:00:00.1234567Z', WonOn: null, LostOn: '2025-01-20T16:00:00Z' }

  it('keeps only what was sent, nulls included, and converts the three dates', () => {
    expect(
      recordChanges(
        {
          Name: null,
          Notes: 'Two desks',
          Value: 0,
          Completed: false,
          DueDate: '2025-02-01',
          WonOn: '2025-03-04',
          LostOn: null,
          ReferrerId: undefined
        },
        current
      )
    ).toEqual({
      Name: null,
      Notes: 'Two desks',
      Value: 0,
      Completed: false,
      DueDate: '2025-02-01T10:00:00.1234567Z',
      WonOn: '2025-03-04T00:00:00Z',
      LostOn: null
    })
  })

  it('converts every date of a new record', () => {
    expect(recordChanges({ CoworkerId: 5, DueDate: '2025-02-01' }, null)).toEqual({
      CoworkerId: 5,
      DueDate: '2025-02-01T00:00:00Z'
    })
  })

  it('sends nothing for no changes', () => {
    expect(recordChanges({}, current)).toEqual({})
  })
})

describe('crossFieldError', () => {
  it('refuses a loss reason on an opportunity that is not lost, naming the field', () => {
    const error = crossFieldError({ Status: 1, LossReason: 4 })
    expect(error).toBeInstanceOf(AppError)
    expect(error?.toBridge()).toEqual({
      kind: 'Validation',
      message: 'Only a lost opportunity has a loss reason',
      fields: { LossReason: 'Only a lost opportunity has a loss reason' }
    })
  })

  it('accepts a lost one with a reason, and anything without one', () => {
    expect(crossFieldError({ Status: 3, LossReason: 4 })).toBeNull()
    expect(crossFieldError({ Status: 2, LossReason: null })).toBeNull()
    expect(crossFieldError({ Status: 1 })).toBeNull()
  })
})
