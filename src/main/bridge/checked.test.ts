import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { alreadyChecked, parseChecked } from './checked'

const Card = z.object({ Id: z.number() })

describe('values a schema already produced', () => {
  it('are known as checked by that schema, and by a nullable of it', () => {
    const card = parseChecked(Card, { Id: 1, token: 'secret' })
    expect(card).toEqual({ Id: 1 })
    expect(alreadyChecked(card, Card)).toBe(true)
    expect(alreadyChecked(card, Card.nullable())).toBe(true)
  })

  it('are not known as checked by another schema, nor is a copy or an unparsed value', () => {
    const card = parseChecked(Card, { Id: 1 })
    expect(alreadyChecked(card, z.object({ Id: z.number() }))).toBe(false)
    expect(alreadyChecked({ ...card }, Card)).toBe(false)
    expect(alreadyChecked({ Id: 1 }, Card)).toBe(false)
    expect(alreadyChecked(null, Card.nullable())).toBe(false)
  })
})
