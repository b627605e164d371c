/**
 * The body of an opportunity PUT. Nexudus has no PATCH and a PUT may clear what it omits (API doc
 * §9.2, O1), so the body is the whole record as just read, minus only the read-only base fields;
 * SystemId and every field this app does not know are sent back untouched.
 */
import { PUT_STRIP_FIELDS, type CrmOpportunity } from '../../shared/nexudus'

/** The only fields a move ever changes. */
export type MoveChanges = Partial<
  Pick<
    CrmOpportunity,
    'CrmBoardColumnId' | 'Position' | 'Status' | 'Completed' | 'WonOn' | 'LostOn' | 'LossReason'
  >
>

/** Any fields to change: a move's, or the details drawer's (opportunity/changes.ts). */
export type RecordChanges = Readonly<Record<string, unknown>>

const STRIPPED: ReadonlySet<string> = new Set(PUT_STRIP_FIELDS)

export function toPutBody(fresh: CrmOpportunity, changes: RecordChanges): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fresh)) if (!STRIPPED.has(key)) body[key] = value
  // `undefined` means "not changed"; an explicit null clears the field on the server (§9.2).
  for (const [key, value] of Object.entries(changes)) if (value !== undefined) body[key] = value
  body.Id = fresh.Id
  return body
}

/** The changes that differ from the record, so "nothing to write" is easy to see. */
export function effectiveChanges<C extends RecordChanges>(fresh: CrmOpportunity, changes: C): Partial<C> {
  const current = fresh as Record<string, unknown>
  return Object.fromEntries(
    Object.entries(changes).filter(([key, value]) => value !== undefined && (current[key] ?? null) !== value)
  ) as Partial<C>
}
