/**
 * What a Nexudus answer means for the user: status codes and envelopes (API doc §3.4, O15) turned
 * into AppErrors with sentences a person can act on. Pure functions of status, method, path, body.
 */
import { z } from 'zod'
import { NxId, WriteEnvelope } from '../../shared/nexudus'
import { AppError } from '../bridge/errors'
import { unreadableAnswer } from './transport'
import type { HttpMethod } from './retry-policy'

/** Server text is shown to the user, so it is kept to a sentence or two. */
const MAX_MESSAGE = 300

export function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

const MessageBody = z.looseObject({ Message: z.string() })

export function serverMessage(body: string): string | null {
  const json = parseJson(body)
  if (!json.ok) return null
  const parsed = MessageBody.safeParse(json.value)
  const message = parsed.success ? parsed.data.Message.trim() : ''
  if (!message) return null
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message
}

const ENTITIES: Record<string, string> = {
  crmboards: 'CrmBoard',
  crmboardcolumns: 'CrmBoardColumn',
  crmopportunities: 'CrmOpportunity',
  crmopportunityhistories: 'CrmOpportunityHistory',
  opportunitytypes: 'OpportunityType',
  coworkers: 'Coworker',
  users: 'User'
}

/** The Nexudus role an admin needs for this call, e.g. `CrmOpportunity-Edit` (API doc §1.3, §10). */
export function requiredRole(method: HttpMethod, path: string): string | null {
  const segments = path.split('?')[0]!.split('/').filter(Boolean)
  const index = segments.findIndex((s) => s.toLowerCase() in ENTITIES)
  if (index < 0) return null
  const entity = ENTITIES[segments[index]!.toLowerCase()]
  const hasId = segments.length > index + 1
  const suffix = { GET: hasId ? 'Read' : 'List', POST: 'Create', PUT: 'Edit', DELETE: 'Delete' }[method]
  return `${entity}-${suffix}`
}

function fieldsOf(envelope: WriteEnvelope): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const error of envelope.Errors ?? []) {
    const key = error.PropertyName?.trim() || '_'
    fields[key] ??= error.Message?.trim() || 'is not valid'
  }
  return fields
}

/** A write the server refused, whether it said so with a 400 or with 200 + WasSuccessful:false. */
export function refusedWrite(envelope: WriteEnvelope, fallback: string): AppError {
  const fields = fieldsOf(envelope)
  const first = Object.entries(fields)[0]
  const message =
    envelope.Message?.trim().slice(0, MAX_MESSAGE) || (first ? `${first[0]}: ${first[1]}` : fallback)
  return first ? new AppError('Validation', message, { fields }) : new AppError('Server', message)
}

export interface FailedCall {
  method: HttpMethod
  path: string
  status: number
  body: string
}

export function errorForStatus({ method, path, status, body }: FailedCall): AppError {
  if (status === 400) {
    const json = parseJson(body)
    const envelope = json.ok ? WriteEnvelope.safeParse(json.value) : null
    if (envelope?.success) {
      const refused = refusedWrite(envelope.data, 'The server rejected the change.')
      return refused.kind === 'Server' ? new AppError('Validation', refused.message) : refused
    }
    return new AppError('Validation', serverMessage(body) ?? 'The server rejected the request as invalid.')
  }
  if (status === 403) {
    const role = requiredRole(method, path)
    return new AppError(
      'Forbidden',
      role
        ? `You do not have permission to do this in Nexudus (role ${role}). Ask a Nexudus administrator for access.`
        : 'You do not have permission to do this in Nexudus. Ask a Nexudus administrator for access.'
    )
  }
  if (status === 404) return new AppError('NotFound', 'The record was not found. It may have been deleted.')
  const message = serverMessage(body)
  if (status >= 500) {
    // A 5xx may pass (API doc §11.2); a refusal in a 500 envelope (WasSuccessful false) will not.
    const refusal = /"WasSuccessful"\s*:\s*false/.test(body) && message !== null
    return new AppError(
      'Server',
      message ?? `The Nexudus server had a problem (HTTP ${status}). Try again in a moment.`,
      {},
      { transient: !refusal }
    )
  }
  return new AppError('Server', message ?? `The Nexudus server refused the request (HTTP ${status}).`)
}

const IdOnly = z.looseObject({ Id: NxId })

export interface WriteResult {
  /** `Value.Id` only (O11): re-GET the record when its fields are needed. */
  id: number | null
  message: string | null
}

/** A 2xx write answer: success only when the envelope says WasSuccessful (API doc §3.4, §11.1). */
export function readWriteAnswer(body: string, method: HttpMethod): WriteResult {
  if (body.trim() === '' && method === 'DELETE') return { id: null, message: null }
  const json = parseJson(body)
  if (!json.ok) throw unreadableAnswer('not JSON')
  const envelope = WriteEnvelope.safeParse(json.value)
  if (!envelope.success) throw unreadableAnswer(describeIssue(envelope.error))
  if (!envelope.data.WasSuccessful) throw refusedWrite(envelope.data, 'The server did not save the change.')
  const value = IdOnly.safeParse(envelope.data.Value)
  return { id: value.success ? value.data.Id : null, message: envelope.data.Message ?? null }
}

export function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'unexpected shape'
  const path = issue.path.length ? issue.path.join('.') : 'the answer'
  return `${path}: ${issue.message}`.slice(0, 160)
}
