/**
 * Retry limits for the calls made while a user waits on them, without threading an option through
 * every service between the outbox and the transport: the outbox runs a user's move or save inside
 * `withRetryLimits`, and the transport reads the limits of the call chain it was asked from.
 *
 * Why shorter there: the client's full budget (1 + 2 + 4 + 8 s) kept a card at "Saving…" for about
 * 15 s when Nexudus was away, although the outbox retries in the background anyway. With one quick
 * retry the card says "Waiting to save" after about a second, and the outbox takes it from there.
 * Likewise each attempt's deadline: a connection that went dead while the laptop slept answers
 * nothing, and 2 × 20 s of "Saving…" is too long to look at; the outbox checks whether a write cut
 * short landed before it sends it again.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import type { RetryLimits } from './retry-policy'

export type CallBudget = Partial<RetryLimits> & {
  /** Each attempt's deadline. */
  timeoutMs?: number
}

/**
 * One retry after 1 s (a server asking for a longer wait, with Retry-After, gets the outbox
 * instead), and 10 s per attempt.
 */
export const INTERACTIVE_RETRY: CallBudget = { maxAttempts: 2, maxTotalWaitMs: 1_000, timeoutMs: 10_000 }

/** null: the client's own limits again, inside a chain that had set some. */
const current = new AsyncLocalStorage<CallBudget | null>()

export function withRetryLimits<T>(limits: CallBudget, run: () => Promise<T>): Promise<T> {
  return current.run(limits, run)
}

/**
 * The client's whole budget again, for what follows a write that has landed (re-reads, neighbours'
 * shifts): giving up there would leave "saved, but the board could not be refreshed", worse than
 * a few more seconds of "Saving…".
 */
export function withClientRetryLimits<T>(run: () => Promise<T>): Promise<T> {
  return current.run(null, run)
}

/** The client's limits, tightened by those of the call chain this is called from (never loosened). */
export function retryLimitsHere(base: RetryLimits): RetryLimits {
  const here = current.getStore()
  if (!here) return base
  return {
    maxAttempts: Math.min(base.maxAttempts, here.maxAttempts ?? Infinity),
    maxTotalWaitMs: Math.min(base.maxTotalWaitMs, here.maxTotalWaitMs ?? Infinity),
    maxBackoffMs: Math.min(base.maxBackoffMs, here.maxBackoffMs ?? Infinity)
  }
}

/** The client's deadline per attempt, or the call chain's if it is shorter. */
export function timeoutHere(base: number): number {
  return Math.min(base, current.getStore()?.timeoutMs ?? Infinity)
}
