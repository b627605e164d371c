import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuthState, EventName } from '../shared/bridge'
import { createDispatcher } from './bridge/dispatch'
import { createServices, type Services, type ServicesOptions } from './services'
import { fakeSecretStore, page, startFakeNexudus, type FakeNexudus } from './testing/fake-nexudus'

const EMAIL = 'ada@example.com'
const PASSWORD = 'correct horse'
const DEMO = { email: 'admin@demo.example', password: 'demo-pass' }

let fake: FakeNexudus
let dir: string
let logs: string[]
let events: { event: EventName; payload: AuthState }[]
let services: Services

function start(extra: Partial<ServicesOptions> = {}): Services {
  services = createServices({
    userDataDir: dir,
    secretStore: fakeSecretStore(),
    apiUrl: fake.url,
    log: (line) => logs.push(line),
    emit: (event, payload) => events.push({ event, payload: payload as AuthState }),
    tuning: { sleep: async () => {}, minIntervalMs: 0 },
    ...extra
  })
  return services
}

beforeEach(async () => {
  fake = await startFakeNexudus()
  fake.accounts.set(EMAIL, { password: PASSWORD })
  fake.accounts.set(DEMO.email, { password: DEMO.password })
  const boards = [
    { Id: 3, BusinessId: 1, Name: 'Sales', Archived: false },
    { Id: 1, BusinessId: 1, Name: 'Old', Archived: true },
    { Id: 2, BusinessId: 1, Name: 'Leads' },
    ...Array.from({ length: 7 }, (_, i) => ({
      Id: 10 + i,
      BusinessId: 1,
      Name: `Z ${i}`,
      Archived: i % 2 === 0
    }))
  ]
  fake.route('GET', '/api/crm/crmboards', (r) => ({
    body: page(boards, Number(r.query.get('page')), Number(r.query.get('size')))
  }))
  dir = await mkdtemp(join(tmpdir(), 'pipeline-services-'))
  logs = []
  events = []
})

afterEach(async () => {
  await services.dispose()
  await fake.close()
  await rm(dir, { recursive: true, force: true })
})

describe('services', () => {
  it('reports a signed-out state on the configured server at start', async () => {
    const { handlers } = start()
    expect(await handlers['auth.status'](undefined)).toEqual({
      signedIn: false,
      email: null,
      server: fake.url,
      demo: false,
      persistence: 'encrypted',
      notice: null
    })
  })

  it('signs in to the configured server, lists non-archived boards, and signs out, emitting each change', async () => {
    const { handlers } = start()
    const signedIn = await handlers['auth.signIn']({ email: EMAIL, password: PASSWORD })
    expect(signedIn).toMatchObject({ signedIn: true, email: EMAIL, server: fake.url })
    const boards = await handlers['boards.list'](undefined)
    expect(boards.map((b) => b.Name)).toEqual(['Leads', 'Sales', 'Z 1', 'Z 3', 'Z 5'])
    const signedOut = await handlers['auth.signOut'](undefined)
    expect(signedOut).toMatchObject({ signedIn: false, email: EMAIL })
    const auth = events.filter((e) => e.event === 'auth.changed')
    expect(auth.map((e) => [e.event, e.payload.signedIn])).toEqual([
      ['auth.changed', false],
      ['auth.changed', true],
      ['auth.changed', false]
    ])
  })

  it('prefers the server typed in, then the one last used', async () => {
    const other = await startFakeNexudus()
    other.accounts.set(EMAIL, { password: PASSWORD })
    try {
      const { handlers } = start({ apiUrl: 'https://unused.example' })
      await handlers['auth.signIn']({ email: EMAIL, password: PASSWORD, server: other.url })
      expect(other.calls('POST', '/api/token')).toHaveLength(1)
      await handlers['auth.signOut'](undefined)
      await handlers['auth.signIn']({ email: EMAIL, password: PASSWORD })
      expect(other.calls('POST', '/api/token')).toHaveLength(2)
    } finally {
      await other.close()
    }
  })

  it('opens the demo workspace once and signs in as its admin', async () => {
    const close = vi.fn(async () => {})
    const startDemo = vi.fn(async () => ({ url: fake.url, ...DEMO, close }))
    const { handlers } = start({ startDemo })
    const state = await handlers['auth.openDemo'](undefined)
    expect(state).toMatchObject({ signedIn: true, demo: true, email: DEMO.email, persistence: 'memory' })
    await handlers['auth.openDemo'](undefined)
    expect(startDemo).toHaveBeenCalledTimes(1)
    expect(await handlers['boards.list'](undefined)).toHaveLength(5)
    await services.dispose()
    expect(close).toHaveBeenCalledTimes(1)
  })

  it('says so when the demo cannot start', async () => {
    const { handlers } = start({ startDemo: async () => Promise.reject(new Error('EADDRINUSE')) })
    await expect(handlers['auth.openDemo'](undefined)).rejects.toThrow(
      'The demo workspace could not be started.'
    )
  })

  it('restores the session on the next start', async () => {
    await start().handlers['auth.signIn']({ email: EMAIL, password: PASSWORD })
    await services.dispose()
    const { handlers } = start()
    expect(await handlers['auth.status'](undefined)).toMatchObject({ signedIn: true, email: EMAIL })
    expect(await handlers['boards.list'](undefined)).toHaveLength(5)
  })

  it('answers through the dispatcher without any token in outputs, events or logs', async () => {
    const dispatch = createDispatcher(start().handlers, (line) => logs.push(line))
    const results = [
      await dispatch('auth.signIn', { email: EMAIL, password: 'wrong' }),
      await dispatch('auth.signIn', { email: EMAIL, password: PASSWORD }),
      await dispatch('boards.list', undefined),
      await dispatch('auth.status', undefined)
    ]
    expect(results.map((r) => r.ok)).toEqual([false, true, true, true])
    expect(results[0]).toEqual({
      ok: false,
      error: { kind: 'Unauthorized', message: 'The email or password is incorrect.' }
    })
    fake.revokeAccessTokens()
    expect((await dispatch('boards.list', undefined)).ok).toBe(true)
    const everything = JSON.stringify({ results, events, logs })
    expect(fake.issuedTokens().length).toBeGreaterThan(2)
    for (const token of fake.issuedTokens()) expect(everything).not.toContain(token)
  })
})
