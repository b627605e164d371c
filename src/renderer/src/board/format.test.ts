import { describe, expect, it } from 'vitest'
import type { BoardCard } from '../../../shared/card'
import {
  cardLabel,
  closedLabel,
  customerName,
  dateKey,
  formatDate,
  formatMoney,
  formatValue,
  initials,
  isOverdue,
  progressText,
  todayKey
} from './format'

const opp = (extra: Partial<BoardCard> = {}): BoardCard => ({
  Id: 7,
  CrmBoardColumnId: 1,
  Position: 1,
  Status: 1,
  CoworkerFullName: 'Jane Doe',
  CoworkerCompanyName: 'Acme Ltd',
  Name: 'Hot desk',
  Value: 1200,
  DueDate: '2026-12-03T00:00:00Z',
  ResponsibleFullName: 'Alex Morgan',
  LeadSource: 5,
  ...extra
})

describe('money', () => {
  it('uses the board currency, and a plain number without one or with an unknown code', () => {
    expect(formatMoney(1200, 'GBP')).toBe(
      new Intl.NumberFormat(undefined, { style: 'currency', currency: 'GBP' }).format(1200)
    )
    expect(formatValue(1200, 'GBP')).not.toMatch(/\.00/)
    expect(formatValue(1200.5, 'GBP')).toMatch(/\.50/)
    expect(formatMoney(1200, null)).toBe(new Intl.NumberFormat().format(1200))
    expect(formatMoney(1200, 'NOT-A-CODE')).toBe(new Intl.NumberFormat().format(1200))
  })
})

describe('dates', () => {
  it('reads the calendar date as written, with no time-zone shift', () => {
    expect(dateKey('2026-12-03T00:00:00Z')).toBe('2026-12-03')
    expect(dateKey('2026-12-03T23:30:00.1234567+05:00')).toBe('2026-12-03')
    expect(dateKey('2026-12-03')).toBe('2026-12-03')
    expect(dateKey(null)).toBeNull()
    expect(dateKey('soon')).toBeNull()
    const shown = formatDate('2026-12-03T00:00:00Z')
    expect(shown).toContain('3')
    expect(shown).toContain('2026')
    expect(formatDate(undefined)).toBe('')
  })

  it('is overdue only before today', () => {
    expect(isOverdue('2026-12-02T00:00:00Z', '2026-12-03')).toBe(true)
    expect(isOverdue('2026-12-03T23:00:00Z', '2026-12-03')).toBe(false)
    expect(isOverdue(null, '2026-12-03')).toBe(false)
    expect(todayKey(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
  })
})

describe('names', () => {
  it('makes initials from first and last names', () => {
    expect(initials('Alex Morgan')).toBe('AM')
    expect(initials('  mary  ann  smith ')).toBe('MS')
    expect(initials('Cher')).toBe('C')
    expect(initials(null)).toBe('')
  })

  it('never leaves a card nameless', () => {
    expect(customerName(opp())).toBe('Jane Doe')
    expect(customerName(opp({ CoworkerFullName: ' ' }))).toBe('Hot desk')
    expect(customerName(opp({ CoworkerFullName: null, Name: null }))).toBe('Opportunity 7')
  })
})

describe('accessible names', () => {
  it('starts with the customer and says what the card shows', () => {
    const label = cardLabel(opp(), 'GBP', '2026-12-10')
    expect(label.startsWith('Jane Doe, Acme Ltd, Hot desk, ')).toBe(true)
    expect(label).toContain(`due ${formatDate('2026-12-03')} (overdue)`)
    expect(label.endsWith(', Alex Morgan, Referral')).toBe(true)
    expect(
      cardLabel(opp({ DueDate: null, CoworkerCompanyName: null, Value: null }), 'GBP', '2026-12-10')
    ).toBe('Jane Doe, Hot desk, Alex Morgan, Referral')
  })

  it('says when and why a closed card was closed', () => {
    expect(closedLabel(opp({ Status: 3, LostOn: '2026-02-02T10:00:00Z', LossReason: 4 }), 'GBP')).toMatch(
      /^Jane Doe, Acme Ltd, Hot desk, .+, lost .*2026, Price$/
    )
    expect(closedLabel(opp({ Status: 2, WonOn: null }), null)).toMatch(/, won$/)
  })
})

describe('progressText', () => {
  it('says how many opportunities have loaded, of how many', () => {
    const n = (v: number) => new Intl.NumberFormat().format(v)
    expect(progressText(2000, 5000)).toBe(`Loading ${n(2000)} of ${n(5000)} opportunities…`)
    expect(progressText(0, 1)).toBe('Loading 0 of 1 opportunity…')
    expect(progressText(500, null)).toBe('Loading 500 opportunities…')
  })
})
