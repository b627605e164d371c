import { describe, expect, it } from 'vitest'
import { formFailure, markFailure, stillMarked } from './server-errors'

describe('formFailure', () => {
  it('puts field messages under their fields, the rest at the top', () => {
    expect(
      formFailure({
        kind: 'Validation',
        message: 'CoworkerId: is required',
        fields: { CoworkerId: 'is required', Position: 'must be unique', _: 'Try again' }
      })
    ).toEqual({
      fields: { CoworkerId: 'is required' },
      general: 'Position: must be unique. Try again.'
    })
  })

  it('has nothing for the top when every message has a field', () => {
    expect(formFailure({ kind: 'Validation', message: 'x', fields: { Value: 'too big' } })).toEqual({
      fields: { Value: 'too big' },
      general: null
    })
  })

  it('says messages about fields this form does not show at the top', () => {
    const only = (f: string) => f === 'CoworkerId'
    expect(formFailure({ kind: 'Validation', message: 'x', fields: { Notes: 'too long' } }, only)).toEqual({
      fields: {},
      general: 'Notes: too long.'
    })
  })

  it("is the error's sentence for any other failure, and for a Validation without fields", () => {
    expect(formFailure({ kind: 'Server', message: 'The server said no (WasSuccessful: false).' })).toEqual({
      fields: {},
      general: 'The server said no (WasSuccessful: false).'
    })
    expect(formFailure({ kind: 'Validation', message: 'Nope' }).general).toBe('Nope')
    expect(formFailure({ kind: 'Network', message: '' }).general).toMatch(/reach the server/)
  })
})

describe('markFailure and stillMarked', () => {
  const refused = {
    kind: 'Validation' as const,
    message: 'x',
    fields: { CoworkerId: 'does not exist', Value: 'too big', SystemId: 'is taken' }
  }

  it('keeps each message with the value it was about, and says the rest at the top', () => {
    const { marked, alert } = markFailure(refused, { CoworkerId: 7, Value: 12 })
    expect(marked).toEqual({
      CoworkerId: { message: 'does not exist', value: 7 },
      Value: { message: 'too big', value: 12 }
    })
    expect(alert).toBe('SystemId: is taken.')
    expect(markFailure({ ...refused, fields: { Value: 'too big' } }, {}).alert).toBe(
      'Check the marked field.'
    )
    expect(markFailure({ kind: 'Server', message: 'Nexudus said no.' }, {}).alert).toBe('Nexudus said no.')
  })

  it('drops a message once its field holds another value', () => {
    const { marked } = markFailure(refused, { CoworkerId: 7, Value: 12 })
    expect(stillMarked(marked, { CoworkerId: 7, Value: 13 })).toEqual({ CoworkerId: 'does not exist' })
  })
})
