import { describe, expect, it } from 'vitest'
import {
  DEFAULT_RETRY_LIMITS,
  backoffMs,
  decideRetry,
  parseRetryAfter,
  parseWaitText,
  type AttemptOutcome,
  type HttpMethod
} from './retry-policy'

const NOW = Date.parse('2025-06-01T10:00:00Z')
const status = (code: number, retryAfter: string | null = null, body = ''): AttemptOutcome => ({
  kind: 'status',
  status: code,
  retryAfter,
  body
})
const state = (method: HttpMethod, attempts = 1, waitedMs = 0) => ({ method, attempts, waitedMs, now: NOW })

describe('parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000)
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0)
    expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000)
    expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0)
  })

  it('ignores what it cannot read', () => {
    expect(parseRetryAfter(null, NOW)).toBeNull()
    expect(parseRetryAfter('soon', NOW)).toBeNull()
    expect(parseRetryAfter('-1', NOW)).toBeNull()
  })
})

describe('parseWaitText', () => {
  it('finds "Wait N seconds" in a body', () => {
    expect(parseWaitText('Too many requests. Wait 4 seconds and try again.')).toBe(4000)
    expect(parseWaitText('{"Message":"Please wait 1.5 sec"}')).toBe(1500)
    expect(parseWaitText('slow down')).toBeNull()
  })
})

describe('decideRetry', () => {
  it('treats 409 and 429 the same, preferring Retry-After, then the body text, then backoff', () => {
    for (const code of [409, 429]) {
      expect(decideRetry(status(code, '2'), state('GET'))).toEqual({ retry: true, delayMs: 2000 })
      expect(decideRetry(status(code, null, 'Wait 3 seconds'), state('GET'))).toEqual({
        retry: true,
        delayMs: 3000
      })
      expect(decideRetry(status(code), state('GET', 3))).toEqual({ retry: true, delayMs: 4000 })
    }
  })

  it('repeats a throttled POST (it was refused, not run) but never a POST with an unknown outcome', () => {
    expect(decideRetry(status(429, '1'), state('POST'))).toEqual({ retry: true, delayMs: 1000 })
    expect(decideRetry(status(500), state('POST'))).toEqual({ retry: false })
    expect(decideRetry({ kind: 'network' }, state('POST'))).toEqual({ retry: false })
  })

  it('backs off on transient 5xx and network errors for idempotent calls only', () => {
    for (const method of ['GET', 'PUT', 'DELETE'] as const) {
      for (const code of [500, 502, 503, 504])
        expect(decideRetry(status(code), state(method)).retry).toBe(true)
      expect(decideRetry({ kind: 'network' }, state(method)).retry).toBe(true)
    }
    expect(decideRetry(status(501), state('GET')).retry).toBe(false)
    expect(decideRetry(status(400), state('GET')).retry).toBe(false)
  })

  it('stops after the attempt limit or when the wait budget would be exceeded', () => {
    const { maxAttempts, maxTotalWaitMs } = DEFAULT_RETRY_LIMITS
    expect(decideRetry(status(429, '1'), state('GET', maxAttempts))).toEqual({ retry: false, delayMs: 1000 })
    expect(decideRetry(status(429, '30'), state('GET', 1, maxTotalWaitMs - 10_000))).toEqual({
      retry: false,
      delayMs: 30_000
    })
    expect(decideRetry(status(429, '3600'), state('GET'))).toEqual({ retry: false, delayMs: 3_600_000 })
  })

  it('caps a single backoff wait', () => {
    expect(backoffMs(1, DEFAULT_RETRY_LIMITS)).toBe(1000)
    expect(backoffMs(10, DEFAULT_RETRY_LIMITS)).toBe(DEFAULT_RETRY_LIMITS.maxBackoffMs)
  })
})
