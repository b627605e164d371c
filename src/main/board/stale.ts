/**
 * Is the server's record still the one the user saw? Nexudus has no ETag or stale-write check
 * (API doc §9.1, O2), so the client compares stage and UpdatedOn itself before writing.
 * Dates are compared as instants, not strings: servers differ in fraction digits, Z or offset
 * (§9.3), and a list may carry a coarser UpdatedOn than a get-by-id of the same record.
 */

export { parseInstant, sameInstant } from '../../shared/instant'
import { sameInstant } from '../../shared/instant'

export interface Seen {
  columnId: number
  updatedOn: string | null
}

export type Staleness = 'moved' | 'edited' | null

/** Why the server's record is not the one the user saw, or null when it still is. */
export function staleness(
  fresh: { CrmBoardColumnId: number; UpdatedOn?: string | null },
  seen: Seen
): Staleness {
  if (fresh.CrmBoardColumnId !== seen.columnId) return 'moved'
  if (!sameInstant(fresh.UpdatedOn, seen.updatedOn)) return 'edited'
  return null
}
