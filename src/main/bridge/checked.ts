/**
 * Values a schema has already produced, and which schema. The dispatcher checks every answer
 * against its method's output schema; for an answer that this very schema just built, a second
 * pass only costs time: the saved board is parsed by BoardSnapshot when it is read from disk, and
 * checking its 5,000 cards again on the way out held up the start by 10–40 ms (and every answer
 * queued behind it, auth.status included). Only for objects nobody changes after parsing.
 */
import { z } from 'zod'

const producedBy = new WeakMap<object, z.ZodType>()

/** schema.parse, remembering that the result is the schema's own output. */
export function parseChecked<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const out = schema.parse(value)
  if (typeof out === 'object' && out !== null) producedBy.set(out, schema)
  return out
}

/** True when `schema` (or what a nullable `schema` wraps) produced this very value. */
export function alreadyChecked(value: unknown, schema: z.ZodType): boolean {
  if (typeof value !== 'object' || value === null) return false
  const by = producedBy.get(value)
  if (by === undefined) return false
  return by === schema || (schema instanceof z.ZodNullable && schema.unwrap() === by)
}
