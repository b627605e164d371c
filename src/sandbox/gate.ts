/**
 * What happens to an /api request before any route sees it: the request log, injected faults
 * (outage, dropped connections, latency, generic 500s, forced throttling), authentication and
 * the per-token quotas.
 */
import type { HttpBindings } from '@hono/node-server'
import type { Context, MiddlewareHandler } from 'hono'
import { authenticate } from './auth'
import { DENIED, GENERIC_ERROR, throttleText, writeRefusal } from './responses'
import type { RequestLogEntry, SandboxState } from './state'
import { takeTrigger, type Quota, type Trigger } from './switches'
import type { User } from './types'

export interface SandboxEnv {
  Bindings: Partial<HttpBindings>
  Variables: { user: User }
}

type Ctx = Context<SandboxEnv>

const MAX_LOGGED = 20_000

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Closes the connection without a byte of answer: to the client this is a network failure. */
function drop(c: Ctx): Response {
  c.env?.incoming?.socket.destroy()
  // Only reached in-process (app.request), where there is no socket to destroy.
  return new Response(null, { status: 599 })
}

export function throttledResponse(state: SandboxState, c: Ctx, seconds: number): Response {
  if (state.switches.throttleStatus === 409) return c.body(null, 409, { 'Retry-After': '1' })
  return c.text(throttleText(seconds), 429, { 'Retry-After': String(seconds) })
}

function fire<K extends 'failNext' | 'dropNext' | 'throttleNext' | 'rejectNext'>(
  state: SandboxState,
  key: K,
  method: string,
  path: string
): Trigger | null {
  const fired = takeTrigger(state.switches[key], method, path)
  if (fired && fired.count <= 0) state.switches[key] = null
  return fired
}

function latency(state: SandboxState): number {
  const setting = state.switches.latencyMs
  if (typeof setting === 'number') return setting
  return setting.min + state.faultRng.next() * (setting.max - setting.min)
}

export function faultGate(state: SandboxState): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    const method = c.req.method
    const path = c.req.path
    const entry: RequestLogEntry = {
      method,
      path,
      query: Object.fromEntries(new URL(c.req.url).searchParams),
      status: 0,
      at: new Date(state.clock.nowMs()).toISOString()
    }
    state.requests.push(entry)
    // Long benchmark runs must not grow the log without bound.
    if (state.requests.length > MAX_LOGGED) state.requests.splice(0, state.requests.length - MAX_LOGGED)
    if (state.switches.outage || fire(state, 'dropNext', method, path)) return drop(c)
    const wait = latency(state)
    if (wait > 0) await sleep(wait)
    const fail = fire(state, 'failNext', method, path)
    if (fail || (state.switches.failRate > 0 && state.faultRng.next() < state.switches.failRate)) {
      entry.status = 500
      return c.json(GENERIC_ERROR, 500)
    }
    const refused = fire(state, 'rejectNext', method, path) as (Trigger & { message?: string }) | null
    if (refused) {
      entry.status = 200
      return c.json(writeRefusal(refused.message), 200)
    }
    const forced = fire(state, 'throttleNext', method, path) as (Trigger & { retryAfter?: number }) | null
    const unlucky = state.switches.throttleRate > 0 && state.faultRng.next() < state.switches.throttleRate
    if (forced || unlucky) {
      const response = throttledResponse(state, c, forced?.retryAfter ?? 1)
      entry.status = response.status
      return response
    }
    if (method === 'PUT') {
      const body = (await c.req.raw
        .clone()
        .json()
        .catch(() => null)) as { Id?: unknown } | null
      if (typeof body?.Id === 'number') entry.recordId = body.Id
    }
    await next()
    entry.status = c.res.status
  }
}

/** Sliding window; returns the seconds to wait, or 0 when the request may go ahead. */
function takeQuota(state: SandboxState, key: string, quota: Quota): number {
  const now = Date.now()
  const times = (state.throttle.get(key) ?? []).filter((t) => t > now - quota.windowMs)
  state.throttle.set(key, times)
  if (times.length >= quota.max) {
    const oldest = times[0] ?? now
    return Math.max(1, Math.ceil((oldest + quota.windowMs - now) / 1000))
  }
  times.push(now)
  return 0
}

export function authGate(state: SandboxState): MiddlewareHandler<SandboxEnv> {
  return async (c, next) => {
    if (c.req.path.toLowerCase().replace(/\/$/, '') === '/api/token') return next()
    const caller = authenticate(state, c.req.header('authorization'))
    if (!caller) return c.json(DENIED, 401)
    c.set('user', caller.user)
    const kind = c.req.method === 'GET' || c.req.method === 'HEAD' ? 'reads' : 'writes'
    const quota = state.switches.limits?.[kind]
    if (quota) {
      const seconds = takeQuota(state, `${caller.key}:${kind}`, quota)
      if (seconds > 0) return throttledResponse(state, c, seconds)
    }
    return next()
  }
}
