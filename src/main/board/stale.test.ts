import { describe, expect, it } from 'vitest'
import { parseInstant, sameInstant, staleness } from './stale'

describe('sameInstant', () => {
  it.each([
    ['2025-01-15T10:30:00.5830361Z', '2025-01-15T10:30:00.5830361Z'],
    ['2025-01-15T10:30:00.5830361Z', '2025-01-15T10:30:00.583Z'],
    ['2025-01-15T10:30:00.5830361Z', '2025-01-15T10:30:00.5839999Z'],
    ['2025-01-15T10:30:00.5830000Z', '2025-01-15T10:30:00.583+00:00'],
    ['2025-01-15T10:30:00Z', '2025-01-15T11:30:00+01:00'],
    ['2025-01-15T10:30:00Z', '2025-01-15T10:30:00'],
    // A coarser string only says what it says: the same second.
    ['2025-01-15T10:30:00Z', '2025-01-15T10:30:00.9990000Z'],
    ['2025-01-15T10:30', '2025-01-15T10:30:59.123Z'],
    [null, null],
    [undefined, null],
    ['not a date', ' not a date ']
  ])('%s equals %s', (a, b) => {
    expect(sameInstant(a, b)).toBe(true)
    expect(sameInstant(b, a)).toBe(true)
  })

  it.each([
    ['2025-01-15T10:30:00.5830361Z', '2025-01-15T10:30:00.5840361Z'],
    ['2025-01-15T10:30:00.583Z', '2025-01-15T10:30:00.584Z'],
    ['2025-01-15T10:30:00Z', '2025-01-15T10:30:01Z'],
    ['2025-01-15T10:30:00Z', '2025-01-15T10:30:00+01:00'],
    ['2025-01-15T10:30:00Z', null],
    ['not a date', 'another'],
    ['2025-01-15T10:30:00Z', '']
  ])('%s differs from %s', (a, b) => {
    expect(sameInstant(a, b)).toBe(false)
    expect(sameInstant(b, a)).toBe(false)
  })

  it('reads the precision a string was written with', () => {
    expect(parseInstant('2025-01-15')).toEqual({ ms: Date.UTC(2025, 0, 15), unitMs: 86_400_000 })
    expect(parseInstant('2025-01-15T10:30:00.5Z')?.unitMs).toBe(100)
    expect(parseInstant('2025-01-15T10:30:00.5830361Z')).toEqual({
      ms: Date.UTC(2025, 0, 15, 10, 30, 0, 583),
      unitMs: 1
    })
    expect(parseInstant('15/01/2025')).toBeNull()
  })
})

describe('staleness', () => {
  const fresh = { CrmBoardColumnId: 3, UpdatedOn: '2025-01-15T10:30:00.5830361Z' }

  it('is null while stage and UpdatedOn are what the user saw', () => {
    expect(staleness(fresh, { columnId: 3, updatedOn: '2025-01-15T10:30:00.583Z' })).toBeNull()
  })

  it('says moved when the stage differs, edited when only UpdatedOn does', () => {
    expect(staleness(fresh, { columnId: 4, updatedOn: fresh.UpdatedOn })).toBe('moved')
    expect(staleness(fresh, { columnId: 3, updatedOn: '2025-01-15T10:29:00Z' })).toBe('edited')
    expect(staleness({ CrmBoardColumnId: 3 }, { columnId: 3, updatedOn: fresh.UpdatedOn })).toBe('edited')
    expect(staleness({ CrmBoardColumnId: 3, UpdatedOn: null }, { columnId: 3, updatedOn: null })).toBeNull()
  })
})
