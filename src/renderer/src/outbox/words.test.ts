import { describe, expect, it } from 'vitest'
import type { OutboxEntryView } from '../../../shared/outbox'
import { entryText, outboxSummary, stateText } from './words'

const entry = (extra: Partial<OutboxEntryView> = {}): OutboxEntryView => ({
  id: 'e',
  kind: 'move',
  opportunityId: 7,
  toColumnId: 2,
  outcome: null,
  fields: [],
  state: 'waiting',
  message: null,
  attempts: 1,
  createdAt: '2026-12-03T10:00:00Z',
  ...extra
})
const names = {
  card: (id: number) => `Card ${id}`,
  stage: (id: number) => (id === 2 ? 'Tour booked' : null),
  field: (f: string) => ({ Name: 'Tag', Value: 'Value' })[f] ?? f
}

describe('entryText', () => {
  it('says what each kind of entry would change, with the names the board shows', () => {
    expect(entryText(entry(), names)).toBe('Move Card 7 to Tour booked')
    expect(entryText(entry({ toColumnId: null, outcome: 'won' }), names)).toBe('Mark Card 7 as won')
    expect(entryText(entry({ outcome: 'lost' }), names)).toBe('Move Card 7 to Tour booked, lost')
    expect(entryText(entry({ outcome: 'open' }), names)).toBe('Reopen Card 7 in Tour booked')
    expect(entryText(entry({ toColumnId: 9 }), names)).toBe('Move Card 7')
    expect(entryText(entry({ kind: 'save', toColumnId: null, fields: ['Name', 'Value'] }), names)).toBe(
      'Edit Card 7: Tag, Value'
    )
  })
})

describe('outboxSummary', () => {
  it('is silent when nothing waits, counts what waits, and what is done of it', () => {
    expect(outboxSummary({ entries: [], nextAttemptAt: null, sent: 0, version: 1 })).toBeNull()
    expect(outboxSummary({ entries: [entry(), entry()], nextAttemptAt: null, sent: 0, version: 1 })).toEqual({
      text: '2 changes waiting to save',
      tone: 'info'
    })
    expect(
      outboxSummary({ entries: [entry({ state: 'sending' })], nextAttemptAt: null, sent: 3, version: 1 })
    ).toEqual({
      text: 'Saving: 3 of 4 done',
      tone: 'info'
    })
  })

  it('puts what needs the user first', () => {
    const state = { entries: [entry(), entry({ state: 'review' })], nextAttemptAt: null, sent: 0, version: 1 }
    expect(outboxSummary(state)).toEqual({ text: '1 change not saved', tone: 'error' })
    expect(stateText(entry({ state: 'review' }))).toBe('Changed by someone else')
  })
})
