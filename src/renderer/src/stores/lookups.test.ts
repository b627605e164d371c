import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { createPinia, setActivePinia } from 'pinia'
import type { Person } from '../../../shared/details'
import { fail, ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { authState, fakeApi } from '../testing/fake-api'
import { people, types, users } from '../testing/fake-details'
import { useLookupsStore } from './lookups'
import { useSessionStore } from './session'

function setup(overrides: { users?: () => Promise<Result<Person[]>> } = {}) {
  const api = {
    users: vi.fn(overrides.users ?? (async () => ok(users))),
    opportunityTypes: vi.fn(async ({ businessId }: { businessId: number }) =>
      ok(businessId === 1 ? types : [])
    ),
    coworkers: vi.fn(async ({ query }: { query: string }) =>
      ok(people.filter((p) => p.FullName!.toLowerCase().includes(query.toLowerCase())))
    )
  }
  setApi(fakeApi({ lookup: api }))
  return { api, lookups: useLookupsStore() }
}

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => setApi(null))

describe('lookups store', () => {
  it('asks for the users once, even when asked twice at once', async () => {
    const { api, lookups } = setup()
    const [a, b] = await Promise.all([lookups.loadUsers(), lookups.loadUsers()])
    await lookups.loadUsers()
    expect(a).toEqual(ok(users))
    expect(b).toEqual(ok(users))
    expect(api.users).toHaveBeenCalledTimes(1)
    expect(lookups.known.users).toEqual(users)
  })

  it('asks again after a failure', async () => {
    let answer: Result<Person[]> = fail({ kind: 'Network', message: 'offline' })
    const { api, lookups } = setup({ users: async () => answer })
    expect((await lookups.loadUsers()).ok).toBe(false)
    expect(lookups.known.users).toBeNull()
    answer = ok(users)
    expect(await lookups.loadUsers()).toEqual(ok(users))
    expect(api.users).toHaveBeenCalledTimes(2)
  })

  it('keeps the types per business', async () => {
    const { api, lookups } = setup()
    await lookups.loadTypes(1)
    await lookups.loadTypes(1)
    await lookups.loadTypes(2)
    expect(api.opportunityTypes.mock.calls.map(([input]) => input)).toEqual([
      { businessId: 1 },
      { businessId: 2 }
    ])
    expect(lookups.known.types.get(1)).toEqual(types)
    expect(lookups.known.types.get(2)).toEqual([])
  })

  it('keeps coworker searches per query, whatever the case and spaces, and never asks for nothing', async () => {
    const { api, lookups } = setup()
    expect(await lookups.searchCoworkers('jane')).toEqual(ok([people[0]]))
    expect(await lookups.searchCoworkers(' JANE ')).toEqual(ok([people[0]]))
    expect(await lookups.searchCoworkers('  ')).toEqual(ok([]))
    await lookups.searchCoworkers('john')
    expect(api.coworkers.mock.calls.map(([input]) => input)).toEqual([{ query: 'jane' }, { query: 'john' }])
  })

  it('forgets everything when the user signs out', async () => {
    const { api, lookups } = setup()
    const session = useSessionStore()
    session.auth = authState({ signedIn: true, email: 'a@b.c' })
    session.phase = 'signedIn'
    await nextTick()
    await lookups.loadUsers()
    await lookups.searchCoworkers('jane')
    session.phase = 'signedOut'
    await nextTick()
    expect(lookups.known.users).toBeNull()
    await lookups.loadUsers()
    await lookups.searchCoworkers('jane')
    expect(api.users).toHaveBeenCalledTimes(2)
    expect(api.coworkers).toHaveBeenCalledTimes(2)
  })
})
