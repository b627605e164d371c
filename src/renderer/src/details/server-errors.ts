/**
 * A refused save or create in the form's terms: messages about fields the form shows go under
 * them; messages about anything else (a PropertyName we do not show, or none) are said at the top.
 */
import type { EditableField } from '../../../shared/details'
import type { BridgeError } from '../../../shared/result'
import { errorText } from '../services/errors'
import { fieldFor } from './fields'

export interface FormFailure {
  /** Field → the server's message, for the fields the form shows. */
  fields: Partial<Record<EditableField, string>>
  /** For the alert at the top; null when every message went under a field. */
  general: string | null
}

const sentence = (text: string): string => {
  const t = text.trim()
  return t && !/[.!?]$/.test(t) ? `${t}.` : t
}

export function formFailure(error: BridgeError, shown?: (field: EditableField) => boolean): FormFailure {
  if (error.kind !== 'Validation' || !error.fields || Object.keys(error.fields).length === 0) {
    return { fields: {}, general: errorText(error) }
  }
  const fields: FormFailure['fields'] = {}
  const other: string[] = []
  for (const [name, message] of Object.entries(error.fields)) {
    const field = fieldFor(name)
    if (field && (!shown || shown(field))) fields[field] ??= message
    else other.push(name === '_' || !name.trim() ? sentence(message) : sentence(`${name}: ${message}`))
  }
  return { fields, general: other.length ? other.join(' ') : null }
}

/** A server message about a field, kept while the field still holds the value it was about. */
export interface MarkedError {
  message: string
  value: unknown
}

export const checkMarked = (count: number): string =>
  count === 1 ? 'Check the marked field.' : `Check the ${count} marked fields.`

/**
 * A refused save or create as a form shows it: the messages under their fields, each remembering
 * the value `sent` (so it goes once the user changes that field), and the alert at the top.
 */
export function markFailure(
  error: BridgeError,
  sent: Readonly<Record<string, unknown>>,
  shown?: (field: EditableField) => boolean
): { marked: Partial<Record<EditableField, MarkedError>>; alert: string } {
  const failure = formFailure(error, shown)
  const marked: Partial<Record<EditableField, MarkedError>> = {}
  for (const [field, message] of Object.entries(failure.fields) as [EditableField, string][])
    marked[field] = { message, value: sent[field] }
  const count = Object.keys(marked).length
  return { marked, alert: failure.general ?? (count ? checkMarked(count) : errorText(error)) }
}

/** The marked messages whose field still holds the value they were about. */
export function stillMarked(
  marked: Partial<Record<EditableField, MarkedError>>,
  values: Readonly<Record<string, unknown>>
): Partial<Record<EditableField, string>> {
  const out: Partial<Record<EditableField, string>> = {}
  for (const [field, e] of Object.entries(marked) as [EditableField, MarkedError][])
    if (values[field] === e.value) out[field] = e.message
  return out
}
