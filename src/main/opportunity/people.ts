/**
 * The pickers' lists from what Nexudus answered. Filtered again here: how the server matches a
 * string filter is undocumented (API doc O9), and it ignores one it does not know (§3.2).
 */
import type { OpportunityTypeOption, Person } from '../../shared/details'
import type { AdminUser, Coworker, OpportunityType } from '../../shared/nexudus'

/** The most a picker shows for one search. */
export const PEOPLE_LIMIT = 25

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true })

/** By name as a person reads it; nameless records last, then by Id so the order is stable. */
function byName(a: { Id: number; name: string | null | undefined }, b: typeof a): number {
  const x = a.name?.trim() || null
  const y = b.name?.trim() || null
  if (x !== y) {
    if (x === null) return 1
    if (y === null) return -1
    const order = collator.compare(x, y)
    if (order !== 0) return order
  }
  return a.Id - b.Id
}

export function matchesQuery(
  person: Pick<Coworker, 'FullName' | 'Email' | 'CompanyName'>,
  query: string
): boolean {
  const needle = query.trim().toLocaleLowerCase('en')
  if (needle === '') return true
  return [person.FullName, person.Email, person.CompanyName].some(
    (text) => typeof text === 'string' && text.toLocaleLowerCase('en').includes(needle)
  )
}

function toPerson(record: Coworker | AdminUser): Person {
  return {
    Id: record.Id,
    FullName: record.FullName ?? null,
    Email: record.Email ?? null,
    CompanyName: 'CompanyName' in record && typeof record.CompanyName === 'string' ? record.CompanyName : null
  }
}

const sortPeople = <T extends Coworker | AdminUser>(records: readonly T[]): T[] =>
  [...records].sort((a, b) => byName({ Id: a.Id, name: a.FullName }, { Id: b.Id, name: b.FullName }))

/** Customers (also referrers and agents) matching what the user typed, by name, `limit` at most. */
export function pickCoworkers(records: readonly Coworker[], query: string, limit = PEOPLE_LIMIT): Person[] {
  return sortPeople(records.filter((record) => matchesQuery(record, query)))
    .slice(0, limit)
    .map(toPerson)
}

/**
 * Who may be responsible: admin users who are not switched off. A flag the server leaves out is
 * not taken as a no, since the list may be a projection (§3.3).
 */
export function responsibleUsers(users: readonly AdminUser[]): Person[] {
  return sortPeople(users.filter((user) => user.IsAdmin !== false && user.Active !== false)).map(toPerson)
}

/** The types of one business (nexudus/lookups.ts keeps only those), by name. */
export function typeOptions(types: readonly OpportunityType[]): OpportunityTypeOption[] {
  return [...types]
    .sort((a, b) => byName({ Id: a.Id, name: a.Name }, { Id: b.Id, name: b.Name }))
    .map((type) => ({ Id: type.Id, Name: type.Name, NotesTemplate: type.NotesTemplate ?? null }))
}
