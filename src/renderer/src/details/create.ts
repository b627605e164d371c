/**
 * "New opportunity" as plain values (a customer, and optionally a tag and a value) and the
 * request it makes, checked with main's own schema (CreateInput in shared/details.ts). Imports
 * zod: only the lazily loaded dialog may import it.
 */
import { CreateInput } from '../../../shared/details'
import { apiValue, issuesByField, type FieldErrors } from './form'

export interface NewValues {
  CoworkerId: number | null
  Name: string
  /** What a number input gives: a number, or '' when empty. */
  Value: number | string
}

export const emptyNew = (): NewValues => ({ CoworkerId: null, Name: '', Value: '' })

export interface CheckedNew {
  input: CreateInput | null
  errors: FieldErrors
}

export function checkNew(columnId: number, values: NewValues): CheckedNew {
  // No one picked is Id 0 to the schema, whose positive() check says "Choose a customer".
  const fields: Record<string, unknown> = { CoworkerId: values.CoworkerId ?? 0 }
  if (values.Name.trim()) fields.Name = values.Name
  const value = apiValue('Value', values.Value)
  if (value !== null) fields.Value = value
  const parsed = CreateInput.safeParse({ columnId, fields })
  return parsed.success
    ? { input: parsed.data, errors: {} }
    : { input: null, errors: issuesByField(parsed.error.issues) }
}
