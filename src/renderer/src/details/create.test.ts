import { describe, expect, it } from 'vitest'
import { checkNew, emptyNew } from './create'

describe('checkNew', () => {
  it('asks for a customer in the schema’s words', () => {
    expect(checkNew(1, emptyNew())).toEqual({ input: null, errors: { CoworkerId: 'Choose a customer' } })
  })

  it('builds the request with only what was given', () => {
    expect(checkNew(2, { ...emptyNew(), CoworkerId: 701 })).toEqual({
      input: { columnId: 2, fields: { CoworkerId: 701 } },
      errors: {}
    })
    expect(checkNew(2, { CoworkerId: 701, Name: 'Desk', Value: 300 }).input).toEqual({
      columnId: 2,
      fields: { CoworkerId: 701, Name: 'Desk', Value: 300 }
    })
  })

  it('checks the value', () => {
    expect(checkNew(2, { CoworkerId: 701, Name: '', Value: -1 }).errors).toEqual({
      Value: 'The value cannot be negative'
    })
  })
})
