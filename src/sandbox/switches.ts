/** Behaviour switches: the knobs tests and benchmarks turn (GET/POST /__sandbox/switches). */
import { z } from 'zod'

export interface Trigger {
  count: number
  /** e.g. 'PUT'; any method when absent. */
  method?: string
  /** Case-insensitive prefix of the request path, e.g. '/api/crm/crmopportunities'. */
  path?: string
}

export interface Quota {
  max: number
  windowMs: number
}

export interface Switches {
  /** strict: PUT replaces the record, omitted optional fields are cleared (API doc O1). merge: they keep their value. */
  putMode: 'strict' | 'merge'
  /** After a POST/PUT, re-space the destination column's Positions to 100, 200, 300… (API doc O6). */
  renumber: boolean
  /** Reject a PUT whose UpdatedOn is older than the stored one (non-standard, API doc O2). */
  staleCheck: boolean
  /**
   * How a string filter matches (undocumented, API doc O9): 'contains' (case-insensitive part,
   * the default) or 'exact' (the whole value, case-insensitive), as another server may do.
   */
  stringFilters: 'contains' | 'exact'
  /** Answer a missing role with 401, as the docs literally say, instead of 403. */
  forbiddenAs401: boolean
  /** Quotas per token (API doc §8); null switches all of them off. */
  limits: { reads: Quota | null; writes: Quota | null } | null
  throttleStatus: 429 | 409
  /** Throttle the next N matching requests whatever the quotas say. */
  throttleNext: (Trigger & { retryAfter?: number }) | null
  latencyMs: number | { min: number; max: number }
  /** 0..1: share of /api requests answered with the generic 500. */
  failRate: number
  /** 0..1: share of /api requests throttled (429 or 409 per throttleStatus, Retry-After 1). */
  throttleRate: number
  failNext: Trigger | null
  /**
   * Refuse the next N matching requests the way Nexudus refuses some business rules: HTTP 200 with
   * `WasSuccessful: false` (API doc §3.4), the write not applied. `message` defaults to a save failure.
   */
  rejectNext: (Trigger & { message?: string }) | null
  /**
   * Stages that refuse opportunities moved into them by a PUT, the way a business rule of a live
   * account does (HTTP 200, `WasSuccessful: false`, API doc §3.4); the write is not applied. A
   * card already in such a stage may still be edited or reordered there.
   */
  refuseStages: { columnIds: number[]; message?: string } | null
  /** Destroy the socket without answering: the client sees a network failure. */
  dropNext: Trigger | null
  /** Every /api request fails at the network level until switched off. */
  outage: boolean
  /** Seconds, as in the token response. */
  expiresIn: number
  refreshTokenTtlSeconds: number
  /** Moves the sandbox clock (token expiry, UpdatedOn…) without waiting. */
  clockOffsetMs: number
  /** Per business (API doc §6.3). */
  opportunityLimit: number
}

export function defaultSwitches(): Switches {
  return {
    putMode: 'strict',
    renumber: false,
    stringFilters: 'contains',
    staleCheck: false,
    forbiddenAs401: false,
    limits: { reads: { max: 10, windowMs: 100 }, writes: { max: 60, windowMs: 60_000 } },
    throttleStatus: 429,
    throttleNext: null,
    latencyMs: 0,
    failRate: 0,
    throttleRate: 0,
    failNext: null,
    rejectNext: null,
    refuseStages: null,
    dropNext: null,
    outage: false,
    expiresIn: 604_799,
    refreshTokenTtlSeconds: 15 * 86_400,
    clockOffsetMs: 0,
    opportunityLimit: 5000
  }
}

const count = z.number().int().min(0)
const triggerFields = {
  count,
  method: z
    .string()
    .transform((m) => m.toUpperCase())
    .optional(),
  path: z.string().optional()
}
/** `failNext: 2` is short for `failNext: { count: 2 }`. */
const trigger = z.union([count.transform((n) => ({ count: n })), z.strictObject(triggerFields)]).nullable()
const quota = z
  .strictObject({ max: z.number().int().min(0), windowMs: z.number().int().positive() })
  .nullable()

export const SwitchesPatch = z
  .strictObject({
    putMode: z.enum(['strict', 'merge']),
    renumber: z.boolean(),
    staleCheck: z.boolean(),
    stringFilters: z.enum(['contains', 'exact']),
    forbiddenAs401: z.boolean(),
    limits: z.strictObject({ reads: quota.optional(), writes: quota.optional() }).nullable(),
    throttleStatus: z.union([z.literal(429), z.literal(409)]),
    throttleNext: z
      .union([
        count.transform((n) => ({ count: n })),
        z.strictObject({ ...triggerFields, retryAfter: z.number().int().min(0).optional() })
      ])
      .nullable(),
    latencyMs: z.union([
      z.number().min(0),
      z
        .strictObject({ min: z.number().min(0), max: z.number().min(0) })
        .refine((r) => r.max >= r.min, 'max < min')
    ]),
    failRate: z.number().min(0).max(1),
    throttleRate: z.number().min(0).max(1),
    failNext: trigger,
    rejectNext: z
      .union([
        count.transform((n) => ({ count: n })),
        z.strictObject({ ...triggerFields, message: z.string().min(1).max(2000).optional() })
      ])
      .nullable(),
    refuseStages: z
      .strictObject({
        columnIds: z.array(z.number().int().positive()),
        message: z.string().min(1).max(2000).optional()
      })
      .nullable(),
    dropNext: trigger,
    outage: z.boolean(),
    expiresIn: z.number().int().positive(),
    refreshTokenTtlSeconds: z.number().int().positive(),
    clockOffsetMs: z.number().int(),
    opportunityLimit: z.number().int().min(0)
  })
  .partial()
export type SwitchesPatch = z.input<typeof SwitchesPatch>

export function applySwitchesPatch(current: Switches, patch: z.output<typeof SwitchesPatch>): Switches {
  const next: Switches = { ...current }
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue
    if (key === 'limits' && value !== null) {
      const limits = value as { reads?: Quota | null; writes?: Quota | null }
      const base = current.limits ?? { reads: null, writes: null }
      next.limits = {
        reads: limits.reads === undefined ? base.reads : limits.reads,
        writes: limits.writes === undefined ? base.writes : limits.writes
      }
    } else {
      Object.assign(next, { [key]: value })
    }
  }
  return next
}

/** Consumes one use of the trigger if the request matches; returns whether it fired. */
export function takeTrigger<T extends Trigger>(trigger: T | null, method: string, path: string): T | null {
  if (!trigger || trigger.count <= 0) return null
  if (trigger.method && trigger.method !== method.toUpperCase()) return null
  if (trigger.path && !path.toLowerCase().startsWith(trigger.path.toLowerCase())) return null
  trigger.count -= 1
  return trigger
}
