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
