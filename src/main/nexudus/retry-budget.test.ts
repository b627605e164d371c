import { describe, expect, it } from 'vitest'
import { DEFAULT_RETRY_LIMITS } from './retry-policy'
import {
  INTERACTIVE_RETRY,
  retryLimitsHere,
  timeoutHere,
  withClientRetryLimits,
  withRetryLimits
} from './retry-budget'

describe('retry limits of a call chain', () => {
  it('are the client’s own outside withRetryLimits', () => {
    expect(retryLimitsHere(DEFAULT_RETRY_LIMITS)).toBe(DEFAULT_RETRY_LIMITS)
  })

  it('tighten the client’s inside it, across awaits, and never loosen them', async () => {
    const seen = await withRetryLimits(INTERACTIVE_RETRY, async () => {
      await new Promise((resolve) => setTimeout(resolve, 1))
      return retryLimitsHere(DEFAULT_RETRY_LIMITS)
    })
    expect(seen).toEqual({
      maxAttempts: 2,
      maxTotalWaitMs: 1_000,
      maxBackoffMs: DEFAULT_RETRY_LIMITS.maxBackoffMs
    })
    const strict = { maxAttempts: 1, maxTotalWaitMs: 0, maxBackoffMs: 0 }
    expect(await withRetryLimits(INTERACTIVE_RETRY, async () => retryLimitsHere(strict))).toEqual(strict)
  })

  it('are the client’s whole budget again after a write landed, inside a tightened chain', async () => {
    const seen = await withRetryLimits(INTERACTIVE_RETRY, () =>
      withClientRetryLimits(async () => {
        await Promise.resolve()
        return retryLimitsHere(DEFAULT_RETRY_LIMITS)
      })
    )
    expect(seen).toBe(DEFAULT_RETRY_LIMITS)
  })

  it('shorten each attempt’s deadline too, never lengthen it', async () => {
    expect(timeoutHere(20_000)).toBe(20_000)
    expect(await withRetryLimits(INTERACTIVE_RETRY, async () => timeoutHere(20_000))).toBe(10_000)
    expect(await withRetryLimits(INTERACTIVE_RETRY, async () => timeoutHere(5_000))).toBe(5_000)
    expect(
      await withRetryLimits(INTERACTIVE_RETRY, () => withClientRetryLimits(async () => timeoutHere(20_000)))
    ).toBe(20_000)
  })
})
