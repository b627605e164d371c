import { describe, expect, it } from 'vitest'
import type { OpportunityDetails } from '../../../shared/details'
import { opportunity } from '../testing/fake-board'
import { detailsOf } from '../testing/fake-details'
import {
  apiValue,
  cardOf,
  changesOf,
  checkForm,
  differingFields,
  notesForType,
  rebase,
  localToday,
  toForm,
  withStatus,
  type FormValues
} from './form'

const record = (extra: Partial<OpportunityDetails> = {}) =>
  detailsOf(opportunity(12, 1, 20), {
    DueDate: '2026-12-03T00:00:00Z',
    WonOn: null,
    LostOn: '2026-02-02T23:30:00.5830361Z',
    Notes: 'Wants a window',
    UtmSource: 'newsletter',
    ...extra
  })

const edit = (form: FormValues, changes: Partial<FormValues>): FormValues => ({ ...form, ...changes })

describe('toForm', () => {
  it('gives inputs their own values: strings, calendar dates, ids and flags', () => {
    const form = toForm(record({ Value: null, Completed: null }))
    expect(form).toMatchObject({
      Name: 'Hot desk',
      CoworkerId: 512,
      ResponsibleId: 901,
      ReferrerId: null,
      Notes: 'Wants a window',
      DueDate: '2026-12-03',
      WonOn: '',
      LostOn: '2026-02-02',
      Value: '',
      Completed: false,
      Status: 1,
      UtmSource: 'newsletter',
      UtmTerm: ''
    })
  })
})

describe('changesOf', () => {
  const start = toForm(record())

  it('is empty while nothing changed, also for dates written with a time', () => {
    expect(changesOf(start, { ...start })).toEqual({})
  })

  it('holds only the changed fields, in the API terms', () => {
    const now = edit(start, {
      Name: '',
      Notes: 'Two desks',
      DueDate: '2026-12-04',
      Value: 250,
      ReferrerId: 702
    })
    expect(changesOf(start, now)).toEqual({
      Name: null,
      Notes: 'Two desks',
      DueDate: '2026-12-04',
      Value: 250,
      ReferrerId: 702
    })
  })

  it('sends a cleared date or value as null', () => {
    const start2 = toForm(record({ Value: 1200 }))
    expect(changesOf(start2, edit(start2, { DueDate: '', Value: '' }))).toEqual({
      DueDate: null,
      Value: null
    })
  })

  it('reads a typed amount as a number', () => {
    expect(apiValue('Value', '12.5')).toBe(12.5)
    expect(apiValue('Value', ' ')).toBeNull()
    expect(apiValue('Value', 'x')).toBeNaN()
  })
})

describe('checkForm', () => {
  const start = toForm(record())

  it("answers main's messages under the fields", () => {
    const { errors } = checkForm(
      start,
      edit(start, { Value: -5, Name: 'x'.repeat(201), DueDate: '2026-02-30', UtmSource: 'u'.repeat(501) })
    )
    expect(errors).toEqual({
      Value: 'The value cannot be negative',
      Name: 'Keep it under 200 characters',
      DueDate: 'Enter a real date',
      UtmSource: 'Keep it under 500 characters'
    })
  })

  it('knows a loss reason belongs to a lost opportunity', () => {
    expect(checkForm(start, edit(start, { LossReason: 4 })).errors).toEqual({
      LossReason: 'Only a lost opportunity has a loss reason'
    })
    expect(checkForm(start, edit(start, { Status: 3, LossReason: 4 })).errors).toEqual({})
  })

  it('gives the changes to send when all is well', () => {
    const { changes, errors } = checkForm(
      start,
      edit(start, { Status: 2, WonOn: '2026-03-01', Completed: true })
    )
    expect(errors).toEqual({})
    expect(changes).toEqual({ Status: 2, WonOn: '2026-03-01', Completed: true })
  })
})

describe('rebase', () => {
  it("takes the saved record's values except what the user typed while it saved", () => {
    const sent = toForm(record())
    const current = edit(sent, { Notes: 'typed meanwhile' })
    const saved = edit(sent, { Name: 'Desk (server)', Notes: 'server notes' })
    expect(rebase(sent, current, saved)).toEqual(edit(saved, { Notes: 'typed meanwhile' }))
  })
})

describe('differingFields', () => {
  it('names, by label, the editable fields that differ', () => {
    const mine = record()
    const theirs = record({ Value: 999, DueDate: '2026-12-03T00:00:00.000Z', UtmTerm: 'x', UpdatedBy: 'Sam' })
    expect(differingFields(mine, theirs)).toEqual(['Value', 'UTM term'])
  })
})

describe('notesForType', () => {
  const type = { Id: 1, Name: 'Hot desk', NotesTemplate: 'Desk needs:' }
  it('fills empty notes with the type template, and leaves written notes alone', () => {
    expect(notesForType('  ', type)).toBe('Desk needs:')
    expect(notesForType('Mine', type)).toBe('Mine')
    expect(notesForType('', { ...type, NotesTemplate: null })).toBe('')
    expect(notesForType('', undefined)).toBe('')
  })
})

describe('cardOf', () => {
  it("keeps only the card's fields", () => {
    const card = cardOf(record())
    expect(card).toMatchObject({ Id: 12, CrmBoardColumnId: 1, Name: 'Hot desk' })
    expect(card).not.toHaveProperty('Notes')
    expect(card).not.toHaveProperty('CoworkerId')
  })
})

describe('withStatus', () => {
  const open = () => toForm(record({ Status: 1, Completed: false, LostOn: null, LossReason: null }))

  it('completes and dates a won or lost opportunity today, keeping a date already there', () => {
    expect(withStatus(open(), 2, '2026-12-03')).toMatchObject({
      Status: 2,
      Completed: true,
      WonOn: '2026-12-03',
      LostOn: ''
    })
    const lost = withStatus(edit(open(), { LostOn: '2026-11-30' }), 3, '2026-12-03')
    expect(lost).toMatchObject({ Status: 3, Completed: true, LostOn: '2026-11-30', WonOn: '' })
  })

  it('reopening clears the closed state; only Lost keeps a loss reason', () => {
    const lost = edit(open(), { Status: 3, Completed: true, LostOn: '2026-11-30', LossReason: 4 })
    expect(withStatus(lost, 1, '2026-12-03')).toMatchObject({
      Status: 1,
      Completed: false,
      WonOn: '',
      LostOn: '',
      LossReason: null
    })
    expect(withStatus(lost, 2, '2026-12-03')).toMatchObject({ Status: 2, LossReason: null, LostOn: '' })
    expect(withStatus(lost, 3, '2026-12-03')).toBe(lost)
  })

  it("takes today from the user's own calendar", () => {
    expect(localToday(new Date(2026, 0, 5, 23, 59))).toBe('2026-01-05')
  })
})
