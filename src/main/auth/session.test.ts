import { readFile, writeFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { CrmBoard } from '../../shared/nexudus'
import { AppError } from '../bridge/errors'
import { fakeSecretStore, page } from '../testing/fake-nexudus'
import { createWorld, EMAIL, PASSWORD, type World } from '../testing/world'
import { EXPIRED_NOTICE, KEYCHAIN_NOTICE, normaliseServer, refreshMarginMs } from './session'
import { SESSION_FILE } from './session-file'

const BOARDS = '/api/crm/crmboards'
const boardsPage = { body: page([{ Id: 1, BusinessId: 7, Name: 'Sales' }], 1, 25) }

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e
  )
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`)
  return error
}

const tokenCalls = (w: World) => w.fake.calls('POST', '/api/token').map((c) => new URLSearchParams(c.body))
const listBoards = (w: World) => w.client.list(BOARDS, CrmBoard)

let w: World
beforeEach(async () => {
  w = await createWorld()
  w.fake.route('GET', BOARDS, () => boardsPage)
})
afterEach(() => w.close())

describe('sign-in', () => {
  it('signs in with a form-encoded password grant and reports the state', async () => {
    const state = await w.signIn()
    expect(state).toEqual({
      signedIn: true,
      email: EMAIL,
      server: w.fake.url,
      demo: false,
      persistence: 'encrypted',
      notice: null
    })
    const [call] = w.fake.calls('POST', '/api/token')
    expect(call?.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
    expect(call?.headers.accept).toBe('application/json')
    expect(Object.fromEntries(new URLSearchParams(call?.body))).toEqual({
      grant_type: 'password',
      username: EMAIL,
      password: PASSWORD
    })
    expect(w.states.at(-1)).toEqual(state)
    expect(w.settings.get()).toMatchObject({ server: w.fake.url, lastEmail: EMAIL })
    expect((await listBoards(w)).Records).toHaveLength(1)
  })

  it('says so when the email or password is wrong', async () => {
    const error = await failure(w.session.signIn({ server: w.fake.url, email: EMAIL, password: 'nope' }))
    expect(error.toBridge()).toEqual({ kind: 'Unauthorized', message: 'The email or password is incorrect.' })
    expect(w.session.state().signedIn).toBe(false)
  })

  it('asks for the authenticator code, then signs in with it', async () => {
    w.fake.accounts.set(EMAIL, { password: PASSWORD, totp: '123456' })
    const asked = await failure(w.signIn())
    expect(asked.toBridge()).toEqual({
      kind: 'TwoFactorRequired',
      message: 'Enter the code from your authenticator app.'
    })
    const wrong = await failure(
      w.session.signIn({ server: w.fake.url, email: EMAIL, password: PASSWORD, totp: '000000' })
    )
    expect(wrong.kind).toBe('TwoFactorRequired')
    expect(wrong.message).toMatch(/not accepted/)
    const state = await w.session.signIn({
      server: w.fake.url,
      email: EMAIL,
      password: PASSWORD,
      totp: '123456'
    })
    expect(state.signedIn).toBe(true)
    expect(tokenCalls(w).at(-1)?.get('totp')).toBe('123456')
  })

  it('explains a required password reset', async () => {
    w.fake.accounts.set(EMAIL, { password: PASSWORD, mustReset: true })
    const error = await failure(w.signIn())
    expect(error.kind).toBe('Unauthorized')
    expect(error.message).toMatch(/reset your password/)
  })

  it('names the host it cannot reach', async () => {
    const host = new URL(w.fake.url).host
    await w.fake.close()
    const error = await failure(w.signIn())
    expect(error.toBridge()).toEqual({
      kind: 'Network',
      message: `Cannot reach ${host}. Check the server address and your connection.`
    })
  })

  it('accepts only https, or http to this computer', () => {
    expect(normaliseServer('https://spaces.nexudus.com/some/path/')).toBe('https://spaces.nexudus.com')
    expect(normaliseServer('http://127.0.0.1:5000')).toBe('http://127.0.0.1:5000')
    expect(() => normaliseServer('http://spaces.nexudus.com')).toThrow(/https:\/\//)
    expect(() => normaliseServer('ftp://x')).toThrow(AppError)
  })
})

describe('client_id', () => {
  it('sends the same per-install GUID on the password and the refresh grant', async () => {
    await w.signIn()
    w.fake.revokeAccessTokens()
    await listBoards(w)
    const calls = w.fake.calls('POST', '/api/token')
    expect(calls.map((c) => new URLSearchParams(c.body).get('grant_type'))).toEqual([
      'password',
      'refresh_token'
    ])
    const clientId = w.settings.get().clientId
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/)
    expect(calls.map((c) => c.headers['client_id'])).toEqual([clientId, clientId])
  })

  it('keeps the GUID across restarts', async () => {
    await w.signIn()
    const first = w.settings.get().clientId
    await w.restart()
    expect(await w.settings.clientId()).toBe(first)
  })
})

describe('refresh', () => {
  it('refreshes ahead of expiry, before the request goes out', async () => {
    w.fake.expiresIn = 3600
    await w.signIn()
    const before = w.fake.issuedTokens()[0]
    w.clock.now += 3600_000 - refreshMarginMs(3600_000) + 1000
    await listBoards(w)
    expect(tokenCalls(w).map((c) => c.get('grant_type'))).toEqual(['password', 'refresh_token'])
    const [call] = w.fake.calls('GET', BOARDS)
    expect(call?.headers.authorization).not.toBe(`Bearer ${before}`)
    expect(w.fake.calls('GET', BOARDS)).toHaveLength(1)
  })

  it('does not refresh while plenty of the token is left', async () => {
    await w.signIn()
    w.clock.now += 60_000
    await listBoards(w)
    expect(tokenCalls(w)).toHaveLength(1)
  })

  it('on a 401 refreshes once and retries the call', async () => {
    await w.signIn()
    w.fake.revokeAccessTokens()
    expect((await listBoards(w)).Records).toHaveLength(1)
    const [refused, retried] = w.fake.calls('GET', BOARDS).map((c) => c.headers.authorization)
    expect(w.fake.calls('GET', BOARDS)).toHaveLength(2)
    expect(retried).toMatch(/^Bearer AT-/)
    expect(retried).not.toBe(refused)
    expect(w.session.state().signedIn).toBe(true)
  })

  it('signs out with a notice when the call is still refused after the refresh', async () => {
    await w.signIn()
    w.fake.script('GET', BOARDS, { status: 401 }, { status: 401 })
    const error = await failure(listBoards(w))
    expect(error.toBridge()).toEqual({ kind: 'Unauthorized', message: EXPIRED_NOTICE })
    expect(w.session.state()).toMatchObject({ signedIn: false, notice: EXPIRED_NOTICE })
    expect(w.states.at(-1)).toMatchObject({ signedIn: false, notice: EXPIRED_NOTICE })
    expect(tokenCalls(w)).toHaveLength(2)
  })

  it('signs out with a notice when the refresh token is refused', async () => {
    await w.signIn()
    w.fake.revokeAccessTokens()
    w.fake.revokeRefreshTokens()
    const error = await failure(listBoards(w))
    expect(error.toBridge()).toEqual({
      kind: 'Unauthorized',
      message: 'Your session has expired. Please sign in again.'
    })
    expect(w.states.at(-1)).toMatchObject({
      signedIn: false,
      notice: 'Your session has expired. Please sign in again.'
    })
    expect(await readdir(w.dir)).not.toContain(SESSION_FILE)
  })

  it('keeps and saves the rotated refresh token', async () => {
    await w.signIn()
    w.fake.revokeAccessTokens()
    await listBoards(w)
    w.fake.revokeAccessTokens()
    await listBoards(w)
    // The fake accepts only the newest refresh token, so a third refresh proves rotation was kept.
    const refreshes = tokenCalls(w).filter((c) => c.get('grant_type') === 'refresh_token')
    expect(refreshes).toHaveLength(2)
    expect(refreshes[0]?.get('refresh_token')).not.toBe(refreshes[1]?.get('refresh_token'))
    await w.session.flush()
    await w.restart()
    w.fake.revokeAccessTokens()
    expect((await listBoards(w)).Records).toHaveLength(1)
    expect(w.fake.validRefreshTokens()).toHaveLength(1)
  })

  it('shares one refresh between concurrent calls', async () => {
    await w.signIn()
    w.fake.revokeAccessTokens()
    const results = await Promise.all(Array.from({ length: 6 }, () => listBoards(w)))
    expect(results.every((r) => r.Records.length === 1)).toBe(true)
    expect(tokenCalls(w).filter((c) => c.get('grant_type') === 'refresh_token')).toHaveLength(1)
  })

  it('keeps using a valid token when a proactive refresh cannot reach the server', async () => {
    await w.signIn()
    w.clock.now += 3600_000 - 30_000
    w.fake.script('POST', '/api/token', { status: 503 }, { status: 503 })
    expect((await listBoards(w)).Records).toHaveLength(1)
    expect(w.session.state().signedIn).toBe(true)
  })
})

describe('persistence', () => {
  it('writes the session encrypted and restores it after a restart', async () => {
    await w.signIn()
    await w.session.flush()
    const raw = await readFile(join(w.dir, SESSION_FILE))
    expect(raw.subarray(0, 20).toString('latin1')).toBe('pipeline-session/v1\n')
    for (const token of w.fake.issuedTokens()) expect(raw.toString('latin1')).not.toContain(token)
    expect(raw.toString('latin1')).not.toContain(EMAIL)

    await w.restart()
    expect(w.session.state()).toMatchObject({ signedIn: true, email: EMAIL, persistence: 'encrypted' })
    expect((await listBoards(w)).Records).toHaveLength(1)
    expect(tokenCalls(w)).toHaveLength(1)
  })

  it('keeps the session in memory only, and says so, when encryption is unavailable', async () => {
    await w.restart(fakeSecretStore(false))
    const state = await w.signIn()
    await w.session.flush()
    expect(state).toMatchObject({ signedIn: true, persistence: 'memory', notice: KEYCHAIN_NOTICE })
    expect(await readdir(w.dir)).not.toContain(SESSION_FILE)
    await w.restart(fakeSecretStore(false))
    expect(w.session.state()).toMatchObject({
      signedIn: false,
      persistence: 'memory',
      notice: KEYCHAIN_NOTICE
    })
  })

  it('treats a missing secret store like an unavailable one', async () => {
    await w.restart(null)
    expect((await w.signIn()).persistence).toBe('memory')
    await w.session.flush()
    expect(await readdir(w.dir)).not.toContain(SESSION_FILE)
  })

  it.each([
    ['garbage', Buffer.from('not a session at all')],
    ['a right prefix with undecryptable data', Buffer.from('pipeline-session/v1\n\u0001\u0002\u0003')],
    ['an older version', Buffer.from('pipeline-session/v0\n{}')]
  ])('ignores and deletes %s', async (_name, data) => {
    await writeFile(join(w.dir, SESSION_FILE), data)
    await w.restart()
    expect(w.session.state().signedIn).toBe(false)
    expect(await readdir(w.dir)).not.toContain(SESSION_FILE)
    expect((await w.signIn()).signedIn).toBe(true)
  })

  it('deletes the saved session on sign-out', async () => {
    await w.signIn()
    await w.session.flush()
    expect(await readdir(w.dir)).toContain(SESSION_FILE)
    const state = await w.session.signOut()
    expect(state).toMatchObject({ signedIn: false, email: EMAIL, notice: null })
    expect(await readdir(w.dir)).not.toContain(SESSION_FILE)
    await w.restart()
    expect(w.session.state().signedIn).toBe(false)
  })

  it('never keeps a demo session on disk', async () => {
    await w.signIn()
    await w.session.signIn({ server: w.fake.url, email: EMAIL, password: PASSWORD, demo: true })
    await w.session.flush()
    expect(w.session.state()).toMatchObject({ demo: true, persistence: 'memory' })
    expect(await readdir(w.dir)).not.toContain(SESSION_FILE)
  })
})

describe('secrecy', () => {
  it('keeps every token out of logs, states and errors', async () => {
    await w.signIn()
    w.fake.revokeAccessTokens()
    await listBoards(w)
    w.fake.script('GET', BOARDS, { status: 401 }, { status: 401 })
    const error = await failure(listBoards(w))
    await w.restart()

    const tokens = w.fake.issuedTokens()
    expect(tokens.length).toBeGreaterThanOrEqual(4)
    const seen = [
      ...w.logs,
      JSON.stringify(w.states),
      JSON.stringify(error.toBridge()),
      error.stack ?? ''
    ].join('\n')
    for (const token of tokens) expect(seen).not.toContain(token)
    expect(seen).not.toContain(PASSWORD)
    expect(w.logs.length).toBeGreaterThan(0)
  })

  it('redacts a live token that slips into a line', async () => {
    await w.signIn()
    const token = w.fake.issuedTokens()[0] as string
    expect(w.session.redact(`oops ${token}`)).toBe('oops [redacted]')
  })
})
