import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../sandbox'
import {
  interceptingFetch,
  resetSandbox,
  sandboxView,
  signedIn,
  startQuietSandbox,
  type SandboxView,
  type Session
} from '../board/harness'

let sandbox: RunningSandbox
let session: Session
let view: SandboxView

beforeAll(async () => {
  sandbox = await startQuietSandbox()
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  resetSandbox(sandbox)
  session = await signedIn(sandbox)
  view = sandboxView(sandbox)
})
afterEach(() => session.close())

const data = () => sandbox.control.state.data
const byName = (a: { FullName?: string | null }, b: { FullName?: string | null }) =>
  String(a.FullName).localeCompare(String(b.FullName), 'en', { sensitivity: 'base' })

/** Signs in again through a fetch that drops one query parameter, as Nexudus does with a filter it does not know. */
async function ignoring(parameter: string): Promise<void> {
  await session.close()
  session = await signedIn(
    sandbox,
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
    const people = await session.handlers['lookup.coworkers']({ query: 'son' })
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
    expect(view.requests()).toEqual([
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
    const people = await session.handlers['lookup.coworkers']({ query: word })
    expect(people.length).toBeGreaterThan(0)
    for (const person of people)
      expect(
        [person.FullName, person.Email, person.CompanyName].some((text) =>
          String(text).toLowerCase().includes(word.toLowerCase())
        )
      ).toBe(true)
    expect([...people].sort(byName)).toEqual(people)
  })
})

describe('lookup.users', () => {
  it('answers the active admin users by name, from every page', async () => {
    const users = await session.handlers['lookup.users'](undefined)
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
      .filter((t) => t.BusinessId === businessId)
      .sort((a, b) => a.Name.localeCompare(b.Name, 'en', { sensitivity: 'base' }))
      .map((t) => ({ Id: t.Id, Name: t.Name, NotesTemplate: t.NotesTemplate }))
    expect(expected.length).toBeGreaterThanOrEqual(3)
    expect(await session.handlers['lookup.opportunityTypes']({ businessId })).toEqual(expected)
    expect(view.requests()[0]?.query).toMatchObject({ OpportunityType_Business: String(businessId) })

    await ignoring('OpportunityType_Business')
    expect(await session.handlers['lookup.opportunityTypes']({ businessId })).toEqual(expected)
    expect(data().types.size).toBeGreaterThan(expected.length)
  })
})
