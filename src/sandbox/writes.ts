/**
 * Body validation for POST/PUT, shaped like Nexudus's FluentValidation answers (API doc §3.4):
 * one `{AttemptedValue, Message, PropertyName}` per problem, `Message` = "Prop: message" lines.
 */
import { leadSourceValues, lossReasonValues } from '../shared/enums'
import { normalizeDate } from './dates'
import type { Kind } from './types'
import type { Rec } from './views'

export type FieldKind =
  'id' | 'int' | 'decimal' | 'bool' | 'string' | 'date' | 'ids' | 'status' | 'leadSource' | 'lossReason'

export interface FieldSpec {
  kind: FieldKind
  ref?: Kind
  /** always: on create and update; update: only on PUT (O7: POST defaults Status to 1). */
  required?: 'always' | 'update'
  createDefault?: unknown
}

export interface FieldError {
  AttemptedValue: unknown
  Message: string
  PropertyName: string
}

/** create: POST. strict: PUT replaces (omitted optional → null/false). merge: PUT keeps what is omitted. */
export type WriteMode = 'create' | 'strict' | 'merge'

export const REQUIRED = 'is a required field'
export const INVALID = 'is not a valid value'
export const MISSING_REF = 'refers to a record that does not exist'

const INTEGER = /^\s*-?\d+\s*$/

function emptyOf(kind: FieldKind): unknown {
  return kind === 'bool' ? false : kind === 'ids' ? [] : null
}

/** Returns undefined when the value cannot be read as `kind` (JSON.NET-like leniency for numeric strings). */
function coerce(kind: FieldKind, raw: unknown): unknown {
  const asInt = (): number | undefined => {
    const n = typeof raw === 'string' && INTEGER.test(raw) ? Number(raw) : raw
    return typeof n === 'number' && Number.isSafeInteger(n) ? n : undefined
  }
  switch (kind) {
    case 'id': {
      const n = asInt()
      return n !== undefined && n > 0 ? n : undefined
    }
    case 'int':
      return asInt()
    case 'status': {
      const n = asInt()
      return n !== undefined && [1, 2, 3].includes(n) ? n : undefined
    }
    case 'leadSource': {
      const n = asInt()
      return n !== undefined && leadSourceValues.includes(n) ? n : undefined
    }
    case 'lossReason': {
      const n = asInt()
      return n !== undefined && lossReasonValues.includes(n) ? n : undefined
    }
    case 'decimal': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
      return typeof n === 'number' && Number.isFinite(n) ? n : undefined
    }
    case 'bool':
      if (typeof raw === 'boolean') return raw
      if (raw === 'true' || raw === 'false') return raw === 'true'
      return undefined
    case 'string':
      return typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined
    case 'date':
      return typeof raw === 'string' ? (normalizeDate(raw) ?? undefined) : undefined
    case 'ids': {
      if (!Array.isArray(raw)) return undefined
      const ids = raw.map((item) => coerce('id', item))
      return ids.every((id) => id !== undefined) ? ids : undefined
    }
  }
}

/** Case-insensitive property lookup: JSON.NET binds `status` to `Status`. */
export function bodyReader(body: Rec): (name: string) => { present: boolean; value: unknown } {
  const keys = new Map(Object.keys(body).map((key) => [key.toLowerCase(), key]))
  return (name) => {
    const key = keys.get(name.toLowerCase())
    return key === undefined ? { present: false, value: undefined } : { present: true, value: body[key] }
  }
}

export function validateFields(
  specs: Record<string, FieldSpec>,
  body: Rec,
  existing: Rec | null,
  mode: WriteMode,
  exists: (kind: Kind, id: number) => boolean
): { values: Rec; errors: FieldError[] } {
  const read = bodyReader(body)
  const values: Rec = {}
  const errors: FieldError[] = []
  for (const [name, spec] of Object.entries(specs)) {
    const { present, value: raw } = read(name)
    const required = spec.required === 'always' || (spec.required === 'update' && mode !== 'create')
    if (!present && mode === 'merge' && existing) {
      values[name] = existing[name]
      continue
    }
    const blank = raw === undefined || raw === null || (spec.kind === 'string' && required && raw === '')
    if (blank) {
      if (required) {
        errors.push({ AttemptedValue: raw ?? null, Message: REQUIRED, PropertyName: name })
        continue
      }
      values[name] =
        mode === 'create' && spec.createDefault !== undefined ? spec.createDefault : emptyOf(spec.kind)
      continue
    }
    const value = coerce(spec.kind, raw)
    if (value === undefined) {
      errors.push({ AttemptedValue: raw, Message: INVALID, PropertyName: name })
      continue
    }
    if (spec.ref && typeof value === 'number' && !exists(spec.ref, value)) {
      errors.push({ AttemptedValue: raw, Message: MISSING_REF, PropertyName: name })
      continue
    }
    values[name] = value
  }
  return { values, errors }
}

export function errorMessage(errors: FieldError[]): string {
  return errors.map((e) => `${e.PropertyName}: ${e.Message}`).join('\n')
}
