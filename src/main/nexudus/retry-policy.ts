/**
 * When to try a Nexudus call again, and after how long (API doc §8, §11.2, O10). Pure functions,
 * so the rules are tested without a server or a clock.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE'

export interface RetryLimits {
  /** Attempts in all, the first one included. */
  maxAttempts: number
  /** The most the call may spend waiting between attempts, summed. */
  maxTotalWaitMs: number
  /** The longest single backoff wait (server-given waits are not clamped: they are obeyed or given up on). */
  maxBackoffMs: number
}

export const DEFAULT_RETRY_LIMITS: RetryLimits = {
  maxAttempts: 5,
  maxTotalWaitMs: 60_000,
  maxBackoffMs: 16_000
}

/** Nexudus throttles with 409 "for legacy reasons" (documented) or 429 (observed); both mean the same. */
export const isThrottled = (status: number): boolean => status === 409 || status === 429

const TRANSIENT = new Set([500, 502, 503, 504])

/**
 * A PUT sends the whole record, so repeating it lands the same state; a POST may create a second
 * record if the first one did land, so it is never repeated after an unknown outcome.
 */
export const isIdempotent = (method: HttpMethod): boolean => method !== 'POST'

/** `Retry-After` as delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null
  const value = header.trim()
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000)
  // An HTTP date always names its weekday or month; Date.parse would also take "-1" as a year.
  const date = /[a-z]{3}/i.test(value) ? Date.parse(value) : NaN
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

/** The "Wait N seconds" text a live server put in a 429 body (API doc §8). */
export function parseWaitText(body: string): number | null {
  const match = /wait\s+(\d+(?:\.\d+)?)\s*sec/i.exec(body.slice(0, 2000))
  return match ? Math.round(Number(match[1]) * 1000) : null
}

export function backoffMs(retryNumber: number, limits: RetryLimits): number {
  return Math.min(1000 * 2 ** (retryNumber - 1), limits.maxBackoffMs)
}

export type AttemptOutcome =
  { kind: 'status'; status: number; retryAfter: string | null; body: string } | { kind: 'network' }

export interface RetryState {
  method: HttpMethod
  /** Attempts made so far in this call (1 after the first). */
  attempts: number
  waitedMs: number
  now: number
}

export type RetryDecision =
  | { retry: true; delayMs: number }
  /** `delayMs` is what the server asked for when it throttled us, for RateLimited's retryAfterSeconds. */
  | { retry: false; delayMs?: number }

/**
 * A throttled request was refused before it ran, so it is repeated whatever its method; a 5xx or a
 * network failure leaves the outcome unknown, so only idempotent calls are repeated after one.
 */
export function decideRetry(
  outcome: AttemptOutcome,
  state: RetryState,
  limits: RetryLimits = DEFAULT_RETRY_LIMITS
): RetryDecision {
  const throttled = outcome.kind === 'status' && isThrottled(outcome.status)
  const transient = outcome.kind === 'network' || TRANSIENT.has(outcome.status)
  if (!throttled && !(transient && isIdempotent(state.method))) return { retry: false }

  const delayMs = throttled
    ? (parseRetryAfter(outcome.retryAfter, state.now) ??
      parseWaitText(outcome.body) ??
      backoffMs(state.attempts, limits))
    : backoffMs(state.attempts, limits)
  const withinBudget =
    state.attempts < limits.maxAttempts && state.waitedMs + delayMs <= limits.maxTotalWaitMs
  if (withinBudget) return { retry: true, delayMs }
  return throttled ? { retry: false, delayMs } : { retry: false }
}
