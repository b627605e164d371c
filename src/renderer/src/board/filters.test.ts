import { describe, expect, it } from 'vitest'
import type { BoardCard } from '../../../shared/card'
import { attentionOf, daysSince, parseThresholds } from './attention'
import {
  addDays,
  emptyFilters,
  isFiltered,
  matchesFilters,
  matchesText,
  NOBODY,
  parseFilters
} from './filters'

const card = (extra: Partial<BoardCard> = {}): BoardCard => ({
  Id: 1,
  Position: 100,
  CrmBoardColumnId: 5,
  Status: 1,
  CoworkerFullName: 'Ada Lovelace',
  CoworkerCompanyName: 'Analytical Engines',
  CoworkerEmail: 'ada@engines.example',
  Name: 'Desk by the window',
  ResponsibleFullName: 'Sam Rivera',
  OpportunityTypeName: 'Dedicated desk',
  LeadSource: 8,
  Value: 1200,
  DueDate: '2026-12-05T00:00:00Z',
  ...extra
})
const ctx = { today: '2026-12-03', notes: () => undefined, needsAttention: () => false }
const only = (f: Partial<ReturnType<typeof emptyFilters>>) => ({ ...emptyFilters(), ...f })

describe('matchesFilters', () => {
  it('lets every card through with no filter', () => {
    expect(isFiltered(emptyFilters())).toBe(false)
    expect(matchesFilters(card(), emptyFilters(), ctx)).toBe(true)
  })

  it('filters by responsible, type and lead source, including "none set"', () => {
    expect(matchesFilters(card(), only({ responsible: 'Sam Rivera' }), ctx)).toBe(true)
    expect(matchesFilters(card(), only({ responsible: 'Alex Morgan' }), ctx)).toBe(false)
    expect(matchesFilters(card({ ResponsibleFullName: null }), only({ responsible: NOBODY }), ctx)).toBe(true)
    expect(matchesFilters(card(), only({ type: 'Dedicated desk' }), ctx)).toBe(true)
    expect(matchesFilters(card({ OpportunityTypeName: ' ' }), only({ type: NOBODY }), ctx)).toBe(true)
    expect(matchesFilters(card(), only({ leadSource: 8 }), ctx)).toBe(true)
    expect(matchesFilters(card(), only({ leadSource: 1 }), ctx)).toBe(false)
    expect(matchesFilters(card({ LeadSource: null }), only({ leadSource: 0 }), ctx)).toBe(true)
  })

  it('filters by follow-up: overdue (before today), this week (today and the next six days), none', () => {
    const due = (d: string | null) => card({ DueDate: d })
    expect(matchesFilters(due('2026-12-02T00:00:00Z'), only({ due: 'overdue' }), ctx)).toBe(true)
    expect(matchesFilters(due('2026-12-03T00:00:00Z'), only({ due: 'overdue' }), ctx)).toBe(false)
    expect(matchesFilters(due('2026-12-03T00:00:00Z'), only({ due: 'week' }), ctx)).toBe(true)
    expect(matchesFilters(due('2026-12-09T23:00:00Z'), only({ due: 'week' }), ctx)).toBe(true)
    expect(matchesFilters(due('2026-12-10T00:00:00Z'), only({ due: 'week' }), ctx)).toBe(false)
    expect(matchesFilters(due(null), only({ due: 'none' }), ctx)).toBe(true)
    expect(matchesFilters(due(null), only({ due: 'overdue' }), ctx)).toBe(false)
    expect(addDays('2026-12-30', 7)).toBe('2027-01-06')
  })

  it('filters by a value range, no value counting as 0', () => {
    expect(matchesFilters(card(), only({ valueMin: 1000, valueMax: 1200 }), ctx)).toBe(true)
    expect(matchesFilters(card(), only({ valueMin: 1201 }), ctx)).toBe(false)
    expect(matchesFilters(card({ Value: null }), only({ valueMax: 0 }), ctx)).toBe(true)
  })

  it('searches every word in customer, company, email, tag and notes, in any case', () => {
    expect(matchesText(card(), 'ADA window', undefined)).toBe(true)
    expect(matchesText(card(), 'engines.example', undefined)).toBe(true)
    expect(matchesText(card(), 'parking', undefined)).toBe(false)
    expect(matchesText(card(), 'parking', 'needs parking for two')).toBe(true)
    expect(matchesText(card(), '   ', undefined)).toBe(true)
  })

  it('keeps only cards that need attention when asked', () => {
    const f = only({ attention: true })
    expect(matchesFilters(card(), f, { ...ctx, needsAttention: () => true })).toBe(true)
    expect(matchesFilters(card(), f, ctx)).toBe(false)
  })
})

describe('parseFilters', () => {
  it('reads back what was stored, and nothing of another shape', () => {
    const f = only({ responsible: 'Sam Rivera', due: 'week', valueMin: 5, text: 'ada', attention: true })
    expect(parseFilters(JSON.stringify(f))).toEqual(f)
    expect(parseFilters('{"due":"yesterday","valueMin":"5","leadSource":NaN')).toEqual(emptyFilters())
    expect(parseFilters(JSON.stringify({ due: 'soon', valueMin: '5', responsible: 7 }))).toEqual(
      emptyFilters()
    )
    expect(parseFilters(null)).toEqual(emptyFilters())
  })
})

describe('attention', () => {
  const now = Date.parse('2026-12-03T12:00:00Z')
  it('counts whole days in the stage, stale past its threshold, and overdue follow-ups', () => {
    expect(daysSince('2026-11-01T11:59:59.1234567Z', now)).toBe(32)
    expect(daysSince(undefined, now)).toBeNull()
    const a = attentionOf(card({ DueDate: '2026-12-01T00:00:00Z' }), {
      today: '2026-12-03',
      now,
      enteredAt: () => '2026-11-01T12:00:00Z',
      threshold: () => 30
    })
    expect(a).toEqual({ days: 32, stale: true, overdue: true })
    expect(
      attentionOf(card(), { today: '2026-12-03', now, enteredAt: () => undefined, threshold: () => 30 })
    ).toEqual({ days: null, stale: false, overdue: false })
  })

  it('reads stored thresholds: whole days from 1, or never', () => {
    expect(parseThresholds('{"5":10,"6":null,"7":0,"x":3,"8":2.5}')).toEqual({ 5: 10, 6: null })
    expect(parseThresholds('not json')).toEqual({})
  })
})
