/**
 * What the drawer's pickers offer, asked for lazily and kept for the session: the admin users
 * (Responsible) once, the opportunity types once per business, and coworker searches once per
 * query. A failed answer is not kept, so the next try asks again. Everything is forgotten when
 * the user signs out or another account signs in.
 */
import { shallowReactive, watch } from 'vue'
import { acceptHMRUpdate, defineStore } from 'pinia'
import type { OpportunityTypeOption, Person } from '../../../shared/details'
import type { Result } from '../../../shared/result'
import { call } from '../services/api'
import { useSessionStore } from './session'

/** How long typing must pause before a coworker search is sent. */
export const SEARCH_DELAY_MS = 250

/** A search as the cache keys it: trimmed, any case. */
export const queryKey = (query: string): string => query.trim().toLowerCase()

export const useLookupsStore = defineStore('lookups', () => {
  const session = useSessionStore()
  let users: Promise<Result<Person[]>> | null = null
  const types = new Map<number, Promise<Result<OpportunityTypeOption[]>>>()
  const searches = new Map<string, Promise<Result<Person[]>>>()
  /** Answers already in, for drawing without waiting (a picker's options). */
  const known = shallowReactive({
    users: null as Person[] | null,
    types: new Map<number, OpportunityTypeOption[]>()
  })

  /** Keeps a request, or forgets it if it failed (or the session changed meanwhile). */
  function cached<K, T>(
    map: Map<K, Promise<Result<T>>>,
    key: K,
    ask: () => Promise<Result<T>>
  ): Promise<Result<T>> {
    const hit = map.get(key)
    if (hit) return hit
    const request = ask().then((result) => {
      if (!result.ok && map.get(key) === request) map.delete(key)
      return result
    })
    map.set(key, request)
    return request
  }

  function loadUsers(): Promise<Result<Person[]>> {
    if (users) return users
    const request = call((bridge) => bridge.lookup.users()).then((result) => {
      if (users !== request) return result
      if (result.ok) known.users = result.data
      else users = null
      return result
    })
    users = request
    return request
  }

  function loadTypes(businessId: number): Promise<Result<OpportunityTypeOption[]>> {
    return cached(types, businessId, () =>
      call((bridge) => bridge.lookup.opportunityTypes({ businessId })).then((result) => {
        if (result.ok && types.has(businessId)) {
          known.types = new Map(known.types).set(businessId, result.data)
        }
        return result
      })
    )
  }

  /** Coworkers whose name matches; an empty query answers nobody without asking. */
  function searchCoworkers(query: string): Promise<Result<Person[]>> {
    const key = queryKey(query)
    if (!key) return Promise.resolve({ ok: true, data: [] })
    return cached(searches, key, () => call((bridge) => bridge.lookup.coworkers({ query: query.trim() })))
  }

  function clear(): void {
    users = null
    types.clear()
    searches.clear()
    known.users = null
    known.types = new Map()
  }

  // Another account, another server or no one signed in: nothing asked before is valid.
  watch(
    () => [session.phase, session.server, session.email],
    () => clear()
  )

  return { known, loadUsers, loadTypes, searchCoworkers, clear }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useLookupsStore, import.meta.hot))
