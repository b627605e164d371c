/**
 * The drawer's form as plain values, and what it would send. Inputs hold what inputs hold: text
 * as strings ('' for nothing), pickers as ids or null, calendar dates as "YYYY-MM-DD" ('' for
 * none), Value as a number (or '' when the number input is empty). Each field is compared with
 * the record as the drawer opened it, in the API's terms, and only the ones that differ are sent,
 * so a date the user did not touch is never sent at all (main keeps the record's own string).
 *
 * Checks use main's own schema (OpportunityChanges, crossFieldErrors in shared/details.ts), so the
 * drawer and main say the same thing in the same words. This module imports zod: only the lazily
 * loaded drawer may import it (docs/performance.md, the start bundle is free of zod).
 */
import {
  EDITABLE_FIELDS,
  OpportunityChanges,
  UTM_FIELDS,
  crossFieldErrors,
  type EditableField,
  type OpportunityDetails,
  type OpportunityTypeOption
} from '../../../shared/details'
import { CARD_FIELDS } from '../../../shared/card-table'
import type { BoardCard } from '../../../shared/card'
import { dateKey } from '../board/format'
import { FIELD_LABELS } from './fields'

type Status = 1 | 2 | 3

export interface FormValues {
  Name: string
  CoworkerId: number | null
  OpportunityTypeId: number | null
  ResponsibleId: number | null
  ReferrerId: number | null
  AgentId: number | null
  Notes: string
  Completed: boolean
  DueDate: string
  /** What a number input gives: a number, or '' when empty. */
  Value: number | string
  Reminded: boolean
  LeadSource: number | null
  Status: Status
  LossReason: number | null
  WonOn: string
  LostOn: string
  UtmSource: string
  UtmMedium: string
  UtmCampaign: string
  UtmContent: string
  UtmTerm: string
}

export type FieldErrors = Partial<Record<EditableField, string>>

const TEXT = new Set<EditableField>(['Name', 'Notes', ...UTM_FIELDS])
const DATES = new Set<EditableField>(['DueDate', 'WonOn', 'LostOn'])

export const isEditableField = (key: unknown): key is EditableField =>
  typeof key === 'string' && (EDITABLE_FIELDS as readonly string[]).includes(key)

/** The form as it starts for a record. */
export function toForm(r: OpportunityDetails): FormValues {
  return {
    Name: r.Name ?? '',
    CoworkerId: r.CoworkerId,
    OpportunityTypeId: r.OpportunityTypeId ?? null,
    ResponsibleId: r.ResponsibleId ?? null,
    ReferrerId: r.ReferrerId ?? null,
    AgentId: r.AgentId ?? null,
    Notes: r.Notes ?? '',
    Completed: r.Completed ?? false,
    DueDate: dateKey(r.DueDate) ?? '',
    Value: r.Value ?? '',
    Reminded: r.Reminded ?? false,
    LeadSource: r.LeadSource ?? null,
    Status: r.Status,
    LossReason: r.LossReason ?? null,
    WonOn: dateKey(r.WonOn) ?? '',
    LostOn: dateKey(r.LostOn) ?? '',
    UtmSource: r.UtmSource ?? '',
    UtmMedium: r.UtmMedium ?? '',
    UtmCampaign: r.UtmCampaign ?? '',
    UtmContent: r.UtmContent ?? '',
    UtmTerm: r.UtmTerm ?? ''
  }
}

/** A form value as the API takes it: '' is null, a typed amount a number (NaN if not one). */
export function apiValue(field: EditableField, value: FormValues[EditableField]): unknown {
  if (TEXT.has(field) || DATES.has(field)) return value === '' ? null : value
  if (field === 'Value') {
    if (typeof value === 'number') return value
    const text = String(value ?? '').trim()
    return text === '' ? null : Number(text)
  }
  return value
}

const same = (a: unknown, b: unknown): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b))

/** The fields whose value differs from the form's start, in the API's terms. */
export function changesOf(initial: FormValues, current: FormValues): Record<string, unknown> {
  const changes: Record<string, unknown> = {}
  for (const field of EDITABLE_FIELDS) {
    const value = apiValue(field, current[field])
    if (!same(apiValue(field, initial[field]), value)) changes[field] = value
  }
  return changes
}

export interface Checked {
  changes: OpportunityChanges
  errors: FieldErrors
}

/** zod's issues as one message per field (the first), for the fields the form shows. */
export function issuesByField(issues: readonly { path: readonly PropertyKey[]; message: string }[]) {
  const errors: FieldErrors = {}
  for (const issue of issues) {
    const field = issue.path[issue.path.length - 1]
    if (isEditableField(field)) errors[field] ??= issue.message
  }
  return errors
}

/** What Save would send, and the message under each field that is not right, as main would say it. */
export function checkForm(initial: FormValues, current: FormValues): Checked {
  const changes = changesOf(initial, current)
  const parsed = OpportunityChanges.safeParse(changes)
  const errors = parsed.success ? {} : issuesByField(parsed.error.issues)
  const cross = crossFieldErrors({ Status: current.Status, LossReason: current.LossReason })
  for (const [field, message] of Object.entries(cross) as [EditableField, string][]) errors[field] ??= message
  return { changes: (parsed.success ? parsed.data : changes) as OpportunityChanges, errors }
}

/**
 * The form after a save: the saved record's values, except where the user typed on while it was
 * being saved (`sent` is the form as sent).
 */
export function rebase(sent: FormValues, current: FormValues, saved: FormValues): FormValues {
  const next = { ...saved } as Record<EditableField, unknown>
  for (const field of EDITABLE_FIELDS) if (!same(sent[field], current[field])) next[field] = current[field]
  return next as unknown as FormValues
}

/** Labels of the fields that differ between two versions of a record (the conflict alert). */
export function differingFields(mine: OpportunityDetails, theirs: OpportunityDetails): string[] {
  const a = toForm(mine)
  const b = toForm(theirs)
  return EDITABLE_FIELDS.filter((f) => !same(apiValue(f, a[f]), apiValue(f, b[f]))).map(
    (f) => FIELD_LABELS[f]
  )
}

/**
 * The form after choosing a status, as a move on the board would leave the record (main's
 * board/outcome.ts): Won or Lost completes it and dates it today unless a date is already there,
 * reopening clears the closed state, and only Lost keeps a loss reason. The user sees these
 * fields change and may still correct them before saving. `today` is "YYYY-MM-DD".
 */
export function withStatus(form: FormValues, next: Status, today: string): FormValues {
  if (next === form.Status) return form
  switch (next) {
    case 1:
      return { ...form, Status: 1, Completed: false, WonOn: '', LostOn: '', LossReason: null }
    case 2:
      return { ...form, Status: 2, Completed: true, WonOn: form.WonOn || today, LostOn: '', LossReason: null }
    case 3:
      return { ...form, Status: 3, Completed: true, LostOn: form.LostOn || today, WonOn: '' }
  }
}

/** Today in the user's own calendar, "YYYY-MM-DD" (a date input's value). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** Notes after choosing a type: its template, when the notes are still empty. */
export function notesForType(notes: string, type: OpportunityTypeOption | undefined): string {
  return notes.trim() === '' && type?.NotesTemplate ? type.NotesTemplate : notes
}

/** The board's card of a whole record. */
export function cardOf(record: OpportunityDetails): BoardCard {
  const card: Record<string, unknown> = {}
  for (const field of CARD_FIELDS) card[field] = record[field]
  return card as BoardCard
}
