/**
 * What every bridge call answers: data, or an error the renderer can show. Errors travel as
 * plain data because Electron IPC keeps only `message` of a thrown Error.
 */
import { z } from 'zod'
import { BoardCard } from './card'

export const ErrorKind = z.enum([
  'Unauthorized',
  'TwoFactorRequired',
  'Forbidden',
  'Validation',
  'Conflict',
  'RateLimited',
  'Network',
  'Server',
  'NotFound'
])
export type ErrorKind = z.infer<typeof ErrorKind>

export const BridgeError = z.object({
  kind: ErrorKind,
  message: z.string(),
  /** Validation: field path → message, e.g. { Status: 'is a required field' }. */
  fields: z.record(z.string(), z.string()).optional(),
  retryAfterSeconds: z.number().optional(),
  /** Conflict: the server's current record (as a card), so the user sees the fresh state. */
  fresh: BoardCard.optional(),
  /** The write landed, but what followed it failed: the card is not where it was any more. */
  landed: z.boolean().optional()
})
export type BridgeError = z.infer<typeof BridgeError>

export type Result<T> = { ok: true; data: T } | { ok: false; error: BridgeError }

export const ok = <T>(data: T): Result<T> => ({ ok: true, data })
export const fail = <T = never>(error: BridgeError): Result<T> => ({ ok: false, error })
