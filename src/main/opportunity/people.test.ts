import { describe, expect, it } from 'vitest'
import { AdminUser, Coworker, OpportunityType } from '../../shared/nexudus'
import { matchesQuery, pickCoworkers, PEOPLE_LIMIT, responsibleUsers, typeOptions } from './people'

const coworker = (Id: number, FullName: string | null, Email: string | null, CompanyName: string | null) =>
  Coworker.parse({ Id, FullName, Email, CompanyName, CoworkerType: 1, MobilePhone: '+44 7000' })

describe('matchesQuery', () => {
  const ada = coworker(1, 'Ada Lovelace', 'ada@engines.example', 'Analytical Engines')

  it('finds a part of the name, the email or the company, in any case', () => {
    for (const query of ['LOVE', 'ada@', 'engines.ex', 'analytical', ' ada '])
      expect(matchesQuery(ada, query)).toBe(true)
    expect(matchesQuery(ada, 'babbage')).toBe(false)
  })

  it('copes with missing fields', () => {
    expect(matchesQuery(coworker(2, null, null, null), 'x')).toBe(false)
  })
})

describe('pickCoworkers', () => {
  it('keeps the matches the server sent, by name (nameless last), as people', () => {
    const records = [
      coworker(3, 'zoe Ada', 'zoe@example.com', null),
      coworker(1, 'Ada Lovelace', 'ada@example.com', 'Engines'),
      coworker(4, 'Bob', 'bob@example.com', null),
      coworker(2, null, 'ada.unnamed@example.com', null),
      coworker(5, 'ada lovelace', 'other@example.com', null)
    ]
    expect(pickCoworkers(records, 'ada')).toEqual([
      { Id: 1, FullName: 'Ada Lovelace', Email: 'ada@example.com', CompanyName: 'Engines' },
      { Id: 5, FullName: 'ada lovelace', Email: 'other@example.com', CompanyName: null },
      { Id: 3, FullName: 'zoe Ada', Email: 'zoe@example.com', CompanyName: null },
      { Id: 2, FullName: null, Email: 'ada.unnamed@example.com', CompanyName: null }
    ])
  })

  it(`answers at most ${PEOPLE_LIMIT}`, () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      coworker(i + 1, `Ada ${String(i).padStart(2, '0')}`, null, null)
    )
    const picked = pickCoworkers(many, 'ada')
    expect(picked).toHaveLength(PEOPLE_LIMIT)
    expect(picked[0]?.FullName).toBe('Ada 00')
  })
})

describe('responsibleUsers', () => {
  it('keeps admins who are not switched off, a missing flag counting as yes, by name', () => {
    const users = [
      { Id: 1, FullName: 'Sam', Email: 's@x', Active: true, IsAdmin: true },
      { Id: 2, FullName: 'Hugo', Email: 'h@x', Active: false, IsAdmin: true },
      { Id: 3, FullName: 'Jordan', Email: 'j@x', Active: true, IsAdmin: false },
      { Id: 4, FullName: 'Alex', Email: 'a@x' },
      { Id: 5, FullName: 'Priya', Email: 'p@x', Active: null, IsAdmin: null }
    ].map((user) => AdminUser.parse(user))
    expect(responsibleUsers(users)).toEqual([
      { Id: 4, FullName: 'Alex', Email: 'a@x', CompanyName: null },
      { Id: 5, FullName: 'Priya', Email: 'p@x', CompanyName: null },
      { Id: 1, FullName: 'Sam', Email: 's@x', CompanyName: null }
    ])
  })
})

describe('typeOptions', () => {
  it('sorts by name and answers only what the picker needs', () => {
    const types = [
      { Id: 2, BusinessId: 9, Name: 'Virtual office', NotesTemplate: null, UpdatedOn: '2025-01-01' },
      { Id: 1, BusinessId: 9, Name: 'dedicated desk', NotesTemplate: 'Desks:' },
      { Id: 3, BusinessId: 9, Name: 'Dedicated floor' }
    ].map((type) => OpportunityType.parse(type))
    expect(typeOptions(types)).toEqual([
      { Id: 1, Name: 'dedicated desk', NotesTemplate: 'Desks:' },
      { Id: 3, Name: 'Dedicated floor', NotesTemplate: null },
      { Id: 2, Name: 'Virtual office', NotesTemplate: null }
    ])
  })
})
