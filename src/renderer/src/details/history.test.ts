import { describe, expect, it } from 'vitest'
import { durationText, formatMoment, historyRows, timeBetween } from './history'
import { historyOf } from '../testing/fake-details'

const MIN = 60_000
const HOUR = 60 * MIN
const DAY = 24 * HOUR

describe('durationText', () => {
  it('rounds down to the largest unit', () => {
    expect(durationText(3 * DAY + 5 * HOUR)).toBe('3 days')
    expect(durationText(DAY)).toBe('1 day')
    expect(durationText(5 * HOUR + 59 * MIN)).toBe('5 hours')
    expect(durationText(HOUR)).toBe('1 hour')
    expect(durationText(12 * MIN + 30_000)).toBe('12 minutes')
    expect(durationText(MIN)).toBe('1 minute')
    expect(durationText(30_000)).toBe('less than a minute')
    expect(durationText(400 * DAY)).toBe('400 days')
  })

  it('says nothing for a span it cannot know', () => {
    expect(durationText(NaN)).toBe('')
    expect(durationText(-1)).toBe('')
    expect(timeBetween(null, '2026-01-01T00:00:00Z')).toBe('')
  })

  it('measures between two ISO moments', () => {
    expect(timeBetween('2025-12-01T09:00:00Z', '2025-12-04T10:00:00Z')).toBe('3 days')
    expect(timeBetween('2025-12-01T09:00:00.1234567Z', '2025-12-01T14:00:00Z')).toBe('4 hours')
  })
})

describe('formatMoment', () => {
  it("shows a moment in the user's locale, and nothing for none", () => {
    const expected = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
      new Date('2026-03-04T10:30:00Z')
    )
    expect(formatMoment('2026-03-04T10:30:00Z')).toBe(expected)
    expect(formatMoment(null)).toBe('')
    expect(formatMoment('soon')).toBe('')
  })
})

describe('historyRows', () => {
  it('says from → to, who (or Automatic), when, and how long it stayed in the stage it left', () => {
    const visits = historyOf(12)
    const [first, second] = historyRows(visits)
    expect(first).toMatchObject({ change: 'Added to Enquiry', who: 'Automatic', stayed: '', sofar: '' })
    expect(second).toMatchObject({
      change: 'Enquiry → Tour booked',
      who: 'Sam Lee',
      when: formatMoment('2025-12-04T10:00:00Z'),
      stayed: '3 days in Enquiry'
    })
  })

  it('tells how long it has been in its current stage, on the last row only', () => {
    const visits = historyOf(12)
    const entered = Date.parse(visits.at(-1)!.ToTime!)
    const rows = historyRows(visits, entered + 5 * DAY + HOUR)
    expect(rows.at(-1)!.sofar).toBe('5 days so far')
    expect(rows.slice(0, -1).every((r) => r.sofar === '')).toBe(true)
    expect(historyRows([{ ...visits.at(-1)!, ToTime: null }])[0]!.sofar).toBe('')
  })
})
