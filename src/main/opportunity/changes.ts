/**
 * What the details drawer's changes become in a Nexudus record (API doc §9.2, §9.3). Pure: the
 * callers read the record and write it.
 */
import {
  crossFieldErrors,
  EDITABLE_FIELDS,
  type EditableField,
  type OpportunityChanges
} from '../../shared/details'
import { AppError } from '../bridge/errors'

const DATE_FIELDS = ['DueDate', 'WonOn', 'LostOn'] as const
type DateField = (typeof DATE_FIELDS)[number]

const isDateField = (field: EditableField): field is DateField =>
  (DATE_FIELDS as readonly string[]).includes(field)

/**
 * A calendar date from a date input as Nexudus is sent it. When the record already holds that
 * day, its own string goes back verbatim: rewriting it as midnight UTC would move a date that a
 * location-local server wrote with another time of day (§9.3), although the user never touched it.
 */
export function toNexudusDate(date: string | null, current: string | null | undefined): string | null {
  if (date === null) return null
  if (typeof current === 'string' && current.slice(0, 10) === date) return current
  return `${date}T00:00:00Z`
}

/**
 * The fields to write: only those the drawer sent (undefined means "not changed"), dates in the
 * record's terms. `current`: the record as just read, or null for a new one.
 */
export function recordChanges(
  changes: OpportunityChanges,
  current: Partial<Record<DateField, string | null>> | null
): Record<string, unknown> {
  const fields: Record<string, unknown> = {}
  for (const field of EDITABLE_FIELDS) {
    const value = changes[field]
    if (value === undefined) continue
    fields[field] = isDateField(field) ? toNexudusDate(value as string | null, current?.[field]) : value
  }
  return fields
}

/**
 * The rules across fields (shared/details.ts), on the record as it would be written: the drawer
 * checks its form, but a change of one field can break a rule with a field it did not send.
 */
export function crossFieldError(after: {
  Status?: number | null
  LossReason?: number | null
}): AppError | null {
  const fields: Record<string, string> = {}
  for (const [field, message] of Object.entries(crossFieldErrors(after))) if (message) fields[field] = message
  const first = Object.values(fields)[0]
  return first === undefined ? null : new AppError('Validation', first, { fields })
}
