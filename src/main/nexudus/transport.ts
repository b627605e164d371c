/**
 * One Nexudus HTTP exchange, start to finish: pacing, the bearer token, a deadline covering
 * headers and body, a capped body read, the retry rules of retry-policy.ts, and 401 → refresh
 * once → retry once. ky makes each single attempt; the loop around it is ours because ky's own
 * retry cannot read the "Wait N seconds" body text, cap the total wait, or take a fake clock.
 * What comes back is the final status and body text; what the status means is client.ts's job.
 */
import { setTimeout as delay } from 'node:timers/promises'
import ky, { type BeforeRequestHook } from 'ky'
import { AppError } from '../bridge/errors'
import { BodyTooLargeError, readBodyCapped } from './body'
import { retryLimitsHere, timeoutHere } from './retry-budget'
import {
  DEFAULT_RETRY_LIMITS,
  decideRetry,
  isThrottled,
  type AttemptOutcome,
  type HttpMethod,
  type RetryLimits
} from './retry-policy'

/** What the transport needs from the session; it never stores a token itself. */
export interface TokenSource {
  /** The server the session belongs to; the token is never sent to any other origin. */
  server(): string | null
  /** A usable access token, refreshed ahead of expiry; throws Unauthorized when signed out. */
  accessToken(): Promise<string>
  /** After a 401: refresh (shared with concurrent callers) unless `rejected` was already replaced. */
  recoverFromUnauthorized(rejected: string): Promise<void>
  /** A 401 that survived a refresh: the session ends with a notice, and this throws Unauthorized. */
  rejectedAfterRefresh(): Promise<never>
}

export interface HttpRequest {
  method: HttpMethod
  url: string
  json?: unknown
  form?: Record<string, string>
  headers?: Record<string, string>
}

export interface HttpResponse {
  status: number
  body: string
  /** How many times the request went out; >1 means an earlier attempt may have landed. */
  attempts: number
}

export interface TransportOptions {
  fetch?: typeof fetch
  /** Without it requests go out unauthenticated (the token endpoint). */
  auth?: TokenSource
  timeoutMs?: number
  maxBodyBytes?: number
  retry?: Partial<RetryLimits>
  /**
   * Average gap between request starts (API doc §8: keep reads ≤ 10/s); 0 turns pacing off. Up to
   * `burst` requests may start at once (the older limits page allows 10 GETs per 100 ms), which is
   * what lets a 5,000-card board load in parallel pages instead of a queue.
   */
  minIntervalMs?: number
  burst?: number
  /**
   * Writes (POST, PUT, DELETE) go out one at a time, and at most this many start in any minute
   * (API doc §8: 60 a minute); 0 lifts the limit, not the one-at-a-time.
   */
  writesPerMinute?: number
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  log?: (line: string) => void
}

export interface Transport {
  send(request: HttpRequest): Promise<HttpResponse>
  /** Cancels requests in flight and waits in progress. */
  close(): void
}

export const DEFAULT_TIMEOUT_MS = 20_000
export const DEFAULT_MAX_BODY_BYTES = 20 * 1024 * 1024

export const hostOf = (url: string): string => {
  try {
    return new URL(url).host
  } catch {
    return url.slice(0, 100)
  }
}

export function unreadableAnswer(reason: string): AppError {
  return new AppError('Server', `The server sent an answer the app could not read (${reason}).`)
}

type Outcome = AttemptOutcome & { timedOut?: boolean; cause?: unknown }

const injectBearer: BeforeRequestHook = (request, options) => {
  const { bearer, origin } = options.context as { bearer?: string; origin?: string }
  if (!bearer) return
  // Defence in depth: a URL built from anything but the session's server never gets the token.
  if (new URL(request.url).origin !== origin) {
    throw new AppError('Unauthorized', 'The app refused to send your sign-in to another server.')
  }
  request.headers.set('Authorization', `Bearer ${bearer}`)
}

export function createTransport(options: TransportOptions = {}): Transport {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const limits: RetryLimits = { ...DEFAULT_RETRY_LIMITS, ...options.retry }
  const minIntervalMs = options.minIntervalMs ?? 100
  const now = options.now ?? Date.now
  const log = options.log ?? (() => {})
  const closed = new AbortController()
  const sleep = options.sleep ?? ((ms: number) => delay(ms, undefined, { signal: closed.signal }))
  const auth = options.auth

  const api = ky.create({
    retry: 0,
    timeout: false,
    throwHttpErrors: false,
    headers: { Accept: 'application/json' },
    hooks: { beforeRequest: [injectBearer] },
    ...(options.fetch ? { fetch: options.fetch } : {})
  })

  async function wait(ms: number): Promise<void> {
    try {
      await sleep(ms)
    } catch {
      throw new AppError('Network', 'The request was cancelled.')
    }
  }

  // A token bucket: each request takes a token, one comes back every minIntervalMs. A caller that
  // finds none reserves the next one by driving the count negative, so waiters queue in order.
  const burst = Math.max(1, options.burst ?? 10)
  let tokens = burst
  let refilledAt = now()
  async function pace(): Promise<void> {
    if (minIntervalMs <= 0) return
    const t = now()
    tokens = Math.min(burst, tokens + (t - refilledAt) / minIntervalMs)
    refilledAt = t
    tokens -= 1
    if (tokens < 0) await wait(-tokens * minIntervalMs)
  }

  // The starts of the last `writesPerMinute` writes. A write takes the first moment that keeps the
  // window, computed once (no polling: a test's sleep may return at once).
  const writesPerMinute = options.writesPerMinute ?? 60
  const writeStarts: number[] = []
  async function paceWrite(): Promise<void> {
    if (writesPerMinute <= 0) return
    const t = now()
    while (writeStarts.length > 0 && writeStarts[0]! <= t - 60_000) writeStarts.shift()
    const slot =
      writeStarts.length < writesPerMinute
        ? t
        : Math.max(t, writeStarts[writeStarts.length - writesPerMinute]! + 60_000)
    writeStarts.push(slot)
    if (slot > t) {
      log(`http: write limit (${writesPerMinute} a minute) reached, waiting ${slot - t} ms`)
      await wait(slot - t)
    }
  }
  let writing: Promise<unknown> = Promise.resolve()

  async function attempt(request: HttpRequest, bearer: string | null, timeoutMs: number): Promise<Outcome> {
    const deadline = new AbortController()
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      deadline.abort()
    }, timeoutMs)
    try {
      const server = auth?.server()
      const origin = server ? new URL(server).origin : undefined
      // Keys are added only when set: ky's merge lets an explicit undefined wipe a default (Accept).
      const response = await api(request.url, {
        method: request.method,
        ...(request.json !== undefined ? { json: request.json } : {}),
        ...(request.form ? { body: new URLSearchParams(request.form) } : {}),
        ...(request.headers ? { headers: request.headers } : {}),
        signal: AbortSignal.any([deadline.signal, closed.signal]),
        context: { bearer: bearer ?? undefined, origin }
      })
      const body = await readBodyCapped(response, maxBodyBytes)
      const retryAfter = response.headers.get('retry-after')
      return { kind: 'status', status: response.status, retryAfter, body }
    } catch (error) {
      if (error instanceof AppError) throw error
      if (error instanceof BodyTooLargeError) throw unreadableAnswer(error.message)
      return { kind: 'network', timedOut, cause: error }
    } finally {
      clearTimeout(timer)
    }
  }

  function networkError(request: HttpRequest, outcome: Outcome, timeoutMs: number): AppError {
    const host = hostOf(request.url)
    if (closed.signal.aborted) return new AppError('Network', 'The request was cancelled.')
    if (outcome.timedOut) {
      return new AppError(
        'Network',
        `The Nexudus server at ${host} did not answer within ${Math.round(timeoutMs / 1000)} seconds. Try again in a moment.`
      )
    }
    return new AppError(
      'Network',
      `Cannot reach the Nexudus server at ${host}. Check your connection and try again.`
    )
  }

  function send(request: HttpRequest): Promise<HttpResponse> {
    // Read here, in the caller's chain: a write's exchange starts later, behind the others.
    const budget = retryLimitsHere(limits)
    const attemptMs = timeoutHere(timeoutMs)
    if (request.method === 'GET') return exchange(request, budget, attemptMs)
    // One write at a time, in the order asked, each with its own retries: a second PUT must not
    // overtake the first, and the quota is counted at each write's start.
    const mine = writing.then(() => exchange(request, budget, attemptMs, true))
    writing = mine.catch(() => undefined)
    return mine
  }

  async function exchange(
    request: HttpRequest,
    budget: RetryLimits,
    attemptMs: number,
    write = false
  ): Promise<HttpResponse> {
    let attempts = 0
    let waitedMs = 0
    let refreshed = false
    const where = `${request.method} ${describeUrl(request.url)}`
    for (;;) {
      if (write) await paceWrite()
      await pace()
      const bearer = auth ? await auth.accessToken() : null
      const outcome = await attempt(request, bearer, attemptMs)
      attempts++
      if (outcome.kind === 'status' && outcome.status === 401 && auth && bearer) {
        if (refreshed) return auth.rejectedAfterRefresh()
        refreshed = true
        log(`http: ${where} → 401, refreshing the session once`)
        await auth.recoverFromUnauthorized(bearer)
        continue
      }
      // The one 401 retry is the session's business, not a retry the policy should count.
      const policyAttempts = attempts - (refreshed ? 1 : 0)
      const decision = decideRetry(
        outcome,
        { method: request.method, attempts: policyAttempts, waitedMs, now: now() },
        budget
      )
      if (decision.retry) {
        log(`http: ${where} → ${describeOutcome(outcome)}, retry in ${decision.delayMs} ms`)
        await wait(decision.delayMs)
        waitedMs += decision.delayMs
        continue
      }
      if (outcome.kind === 'network') {
        log(`http: ${where} failed: ${describeCause(outcome.cause, outcome.timedOut)}`)
        throw networkError(request, outcome, attemptMs)
      }
      if (isThrottled(outcome.status)) {
        const seconds = Math.max(1, Math.ceil((decision.delayMs ?? 1000) / 1000))
        log(`http: ${where} still throttled after ${attempts} attempts`)
        throw new AppError(
          'RateLimited',
          `Nexudus is limiting how fast the app may send requests. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
          { retryAfterSeconds: seconds }
        )
      }
      return { status: outcome.status, body: outcome.body, attempts }
    }
  }

  return {
    send,
    close: () => closed.abort()
  }
}

/** Host and path only: query strings stay out of logs. */
function describeUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.host}${u.pathname}`
  } catch {
    return '(invalid url)'
  }
}

function describeOutcome(outcome: AttemptOutcome): string {
  return outcome.kind === 'network' ? 'network error' : `HTTP ${outcome.status}`
}

function describeCause(cause: unknown, timedOut?: boolean): string {
  if (timedOut) return 'timed out'
  if (!(cause instanceof Error)) return 'unknown error'
  const inner = (cause as Error & { cause?: unknown }).cause
  const code = inner instanceof Error ? ((inner as NodeJS.ErrnoException).code ?? inner.message) : ''
  return [cause.message, code].filter(Boolean).join(': ').slice(0, 200)
}
