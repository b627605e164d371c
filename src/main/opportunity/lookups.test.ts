import { describe, expect, it } from 'vitest'
import { interceptingFetch } from '../board/harness'
import { sandboxSuite } from '../board/suite'

const t = sandboxSuite()

const data = () => t.sandbox.control.state.data
const byName = (a: { FullName?: string | null }, b: { FullName?: string | null }) =>
  String(a.FullName).localeCompare(String(b.FullName), 'en', { sensitivity: 'base' })

/** Signs in again through a fetch that drops one query parameter, as Nexudus does with a filter it does not know. */
async function ignoring(parameter: string): Promise<void> {
  await t.signInAs(
    undefined,
    interceptingFetch((request) => {
      const url = new URL(request.url)
      if (!url.searchParams.has(parameter)) return undefined
      url.searchParams.delete(parameter)
      return new Request(url, request)
    })
  )
}

describe('lookup.coworkers', () => {
  it('asks for 25 customers by name and answers the matches by name', async () => {
    const people = await t.session.handlers['lookup.coworkers']({ query: 'son' })
    const expected = [...data().coworkers.values()]
      .filter((c) => c.FullName.toLowerCase().includes('son'))
      .sort((a, b) => a.Id - b.Id)
      .slice(0, 25)
      .sort(byName)
    expect(people.length).toBeGreaterThan(1)
    expect(people.map((p) => p.Id)).toEqual(expected.map((c) => c.Id))
    expect(people[0]).toEqual({
      Id: expected[0]!.Id,
      FullName: expected[0]!.FullName,
      Email: expected[0]!.Email,
      CompanyName: expected[0]!.CompanyName
    })
    expect(t.view.requests()).toEqual([
      {
        method: 'GET',
        path: '/api/spaces/coworkers',
        query: { Coworker_FullName: 'son', page: '1', size: '25' },
        status: 200
      }
    ])
  })

  it('filters again when the server ignores the name filter, also matching email and company', async () => {
    await ignoring('Coworker_FullName')
    const company = [...data().coworkers.values()]
      .sort((a, b) => a.Id - b.Id)
      .slice(0, 25)
      .find((c) => c.CompanyName)!
    const word = company.CompanyName!.split(' ')[0]!.toUpperCase()
    const people = await t.session.handlers['lookup.coworkers']({ query: word })
    expect(people.length).toBeGreaterThan(0)
    for (const person of people)
      expect(
        [person.FullName, person.Email, person.CompanyName].some((text) =>
          String(text).toLowerCase().includes(word.toLowerCase())
        )
      ).toBe(true)
    expect([...people].sort(byName)).toEqual(people)
  })

  it('on a server that matches whole names only, finds a part of a name in the whole list, read once', async () => {
    t.sandbox.control.setSwitches({ stringFilters: 'exact' })
    const people = await t.session.handlers['lookup.coworkers']({ query: 'son' })
    const expected = [...data().coworkers.values()]
      .filter((c) => [c.FullName, c.Email, c.CompanyName].some((text) => text?.toLowerCase().includes('son')))
      .sort(byName)
      .slice(0, 25)
    expect(people.length).toBeGreaterThan(1)
    expect(people.map((p) => p.Id)).toEqual(expected.map((c) => c.Id))
    const listed = t.view.requests().filter((r) => r.path === '/api/spaces/coworkers')
    expect(listed.map((r) => r.query)).toEqual([
      { Coworker_FullName: 'son', page: '1', size: '25' },
      { page: '1', size: '1000' }
    ])

    // The whole list is kept: another search that the server cannot answer costs one request.
    t.sandbox.control.clearRequests()
    const byEmail = await t.session.handlers['lookup.coworkers']({ query: '@mailbox' })
    expect(byEmail.length).toBeGreaterThan(0)
    expect(byEmail.every((p) => p.Email?.includes('@mailbox'))).toBe(true)
    expect(t.view.requests().map((r) => r.query)).toEqual([
      { Coworker_FullName: '@mailbox', page: '1', size: '25' }
    ])
  })

  it('answers no one, without an error, when nobody matches anywhere', async () => {
    expect(await t.session.handlers['lookup.coworkers']({ query: 'zzqx' })).toEqual([])
  })
})

describe('lookup.users', () => {
  it('answers the active admin users by name, from every page', async () => {
    const users = await t.session.handlers['lookup.users'](undefined)
    expect(users.map((u) => u.FullName)).toEqual([
      'Alex Morgan',
      'Elena Rossi',
      'Marcus Boateng',
      'Priya Shah',
      'Sam Rivera',
      'Tom Barker'
    ])
    expect(users[0]).toEqual({
      Id: [...data().users.values()].find((u) => u.FullName === 'Alex Morgan')!.Id,
      FullName: 'Alex Morgan',
      Email: 'admin@harbour-works.example',
      CompanyName: null
    })
  })
})

describe('lookup.opportunityTypes', () => {
  it('answers one business’s types by name, with their notes templates, even when the server ignores the filter', async () => {
    const businessId = [...data().boards.values()].find((b) => b.Name === 'Memberships & desks')!.BusinessId
    const expected = [...data().types.values()]
      .filter((type) => type.BusinessId === businessId)
      .sort((a, b) => a.Name.localeCompare(b.Name, 'en', { sensitivity: 'base' }))
      .map((type) => ({ Id: type.Id, Name: type.Name, NotesTemplate: type.NotesTemplate }))
    expect(expected.length).toBeGreaterThanOrEqual(3)
    expect(await t.session.handlers['lookup.opportunityTypes']({ businessId })).toEqual(expected)
    expect(t.view.requests()[0]?.query).toMatchObject({ OpportunityType_Business: String(businessId) })

    await ignoring('OpportunityType_Business')
    expect(await t.session.handlers['lookup.opportunityTypes']({ businessId })).toEqual(expected)
    expect(data().types.size).toBeGreaterThan(expected.length)
  })
})
