import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { OAuthError, TokenResponse } from '../shared/nexudus'
import {
  createSandboxApp,
  createState,
  DEMO_USERS,
  startSandbox,
  totpCode,
  type RunningSandbox
} from './index'
import { basic, call, quietReset, signIn, tokenRequest } from './testing'

let sandbox: RunningSandbox
let url: string
const { admin, twoFactor, readOnly } = DEMO_USERS
const DENIED = { Message: 'Authorization has been denied for this request.' }
const password = (user: { email: string; password: string }, extra: Record<string, string> = {}) => ({
  grant_type: 'password',
  username: user.email,
  password: user.password,
  ...extra
})

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true })
  url = sandbox.url
})
afterAll(() => sandbox.close())
beforeEach(() => quietReset(sandbox))

describe('totpCode', () => {
  it('matches the RFC 6238 SHA1 test vectors (6-digit truncation)', () => {
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' // "12345678901234567890"
    expect(totpCode(secret, 59_000)).toBe('287082')
    expect(totpCode(secret, 1_111_111_109_000)).toBe('081804')
    expect(totpCode(secret, 1_234_567_890_000)).toBe('005924')
    expect(totpCode(secret, 20_000_000_000_000)).toBe('353130')
  })
})

describe('POST /api/token, password grant', () => {
  it('answers the documented token body, which the client schema accepts', async () => {
    const reply = await tokenRequest(url, password(admin))
    expect(reply.status).toBe(200)
    expect(Object.keys(reply.json).sort()).toEqual([
      'access_token',
      'expires_in',
      'refresh_token',
      'token_type'
    ])
    expect(reply.json.token_type).toBe('bearer')
    expect(reply.json.expires_in).toBe(604799)
    expect(TokenResponse.safeParse(reply.json).success).toBe(true)
    expect(sandbox.issuedTokens()).toEqual([reply.json.access_token, reply.json.refresh_token])
  })

  it('takes the user name case-insensitively and honours the expiresIn switch', async () => {
    sandbox.control.setSwitches({ expiresIn: 3600 })
    const reply = await tokenRequest(url, password({ ...admin, email: admin.email.toUpperCase() }))
    expect(reply.status).toBe(200)
    expect(reply.json.expires_in).toBe(3600)
  })

  it('rejects a JSON body with unsupported_grant_type', async () => {
    const reply = await call(url, '/api/token', { method: 'POST', body: password(admin) })
    expect(reply.status).toBe(400)
    expect(reply.json).toEqual({ error: 'unsupported_grant_type' })
  })

  it('rejects an unknown grant type', async () => {
    const reply = await tokenRequest(url, { grant_type: 'client_credentials' })
    expect(reply.status).toBe(400)
    expect(reply.json).toEqual({ error: 'unsupported_grant_type' })
  })

  it('answers a wrong password or unknown user with invalid_grant', async () => {
    const expected = { error: 'invalid_grant', error_description: 'The user name or password is incorrect.' }
    const wrong = await tokenRequest(url, password({ ...admin, password: 'nope' }))
    expect(wrong.status).toBe(400)
    expect(wrong.json).toEqual(expected)
    const unknown = await tokenRequest(url, password({ email: 'nobody@example.com', password: 'x' }))
    expect(unknown.json).toEqual(expected)
    expect(OAuthError.safeParse(wrong.json).success).toBe(true)
  })

  it('asks a two-factor user for the code', async () => {
    const reply = await tokenRequest(url, password(twoFactor))
    expect(reply.status).toBe(400)
    expect(reply.json.error).toBe('two_factor_auth_check')
    expect(reply.json.error_description).toEqual(expect.any(String))
  })

  it('rejects a wrong two-factor code with invalid_grant', async () => {
    const right = totpCode(twoFactor.totpSecret)
    const wrongCode = right === '000000' ? '111111' : '000000'
    const reply = await tokenRequest(url, password(twoFactor, { totp: wrongCode }))
    expect(reply.status).toBe(400)
    expect(reply.json.error).toBe('invalid_grant')
  })

  it('lets a two-factor user in with the current code (and the control API tells it)', async () => {
    const reply = await tokenRequest(url, password(twoFactor, { totp: totpCode(twoFactor.totpSecret) }))
    expect(reply.status).toBe(200)
    const fromControl = await call<{ code: string }>(url, '/__sandbox/totp')
    const again = await tokenRequest(url, password(twoFactor, { totp: fromControl.json.code }))
    expect(again.status).toBe(200)
  })
})

describe('POST /api/token, refresh grant', () => {
  const refresh = (token: string) => ({ grant_type: 'refresh_token', refresh_token: token })

  it('requires the client_id header used at sign-in (default: the user name)', async () => {
    const login = await tokenRequest(url, password(admin))
    const missing = await tokenRequest(url, refresh(login.json.refresh_token))
    expect(missing.status).toBe(400)
    expect(missing.json.error).toBe('invalid_grant')
    const mismatched = await tokenRequest(url, refresh(login.json.refresh_token), 'someone-else')
    expect(mismatched.json.error).toBe('invalid_grant')
    const ok = await tokenRequest(url, refresh(login.json.refresh_token), admin.email)
    expect(ok.status).toBe(200)
    expect(TokenResponse.safeParse(ok.json).success).toBe(true)
  })

  it('matches an explicit client_id', async () => {
    const login = await tokenRequest(url, password(admin), 'install-1')
    expect((await tokenRequest(url, refresh(login.json.refresh_token), admin.email)).status).toBe(400)
    expect((await tokenRequest(url, refresh(login.json.refresh_token), 'install-1')).status).toBe(200)
  })

  it('rotates: new access and refresh tokens, the old refresh token is dead, old access token still works', async () => {
    const login = await tokenRequest(url, password(admin), 'install-1')
    const next = await tokenRequest(url, refresh(login.json.refresh_token), 'install-1')
    expect(next.status).toBe(200)
    expect(next.json.access_token).not.toBe(login.json.access_token)
    expect(next.json.refresh_token).not.toBe(login.json.refresh_token)
    const reuse = await tokenRequest(url, refresh(login.json.refresh_token), 'install-1')
    expect(reuse.status).toBe(400)
    expect(reuse.json.error).toBe('invalid_grant')
    expect((await call(url, '/api/crm/crmboards', { token: login.json.access_token })).status).toBe(200)
    expect((await call(url, '/api/crm/crmboards', { token: next.json.access_token })).status).toBe(200)
  })

  it('a new sign-in for a client_id revokes its earlier refresh tokens, not other client_ids', async () => {
    const first = await tokenRequest(url, password(admin), 'install-1')
    const other = await tokenRequest(url, password(admin), 'install-2')
    const second = await tokenRequest(url, password(admin), 'install-1')
    expect((await tokenRequest(url, refresh(first.json.refresh_token), 'install-1')).status).toBe(400)
    expect((await tokenRequest(url, refresh(second.json.refresh_token), 'install-1')).status).toBe(200)
    expect((await tokenRequest(url, refresh(other.json.refresh_token), 'install-2')).status).toBe(200)
    expect((await call(url, '/api/crm/crmboards', { token: first.json.access_token })).status).toBe(200)
  })

  it('refresh tokens live 15 days', async () => {
    const login = await tokenRequest(url, password(admin))
    sandbox.control.setSwitches({ clockOffsetMs: 15 * 86_400_000 + 1000 })
    expect((await tokenRequest(url, refresh(login.json.refresh_token), admin.email)).status).toBe(400)
  })
})

describe('authentication on /api', () => {
  it('401s without credentials, with a bad token, or a bad Basic password', async () => {
    for (const options of [{}, { token: 'not-a-token' }, { authorization: basic(admin.email, 'wrong') }]) {
      const reply = await call(url, '/api/crm/crmboards', options)
      expect(reply.status).toBe(401)
      expect(reply.json).toEqual(DENIED)
    }
  })

  it('accepts Bearer and Basic', async () => {
    const token = await signIn(url)
    expect((await call(url, '/api/crm/crmboards', { token })).status).toBe(200)
    expect(
      (await call(url, '/api/crm/crmboards', { authorization: basic(admin.email, admin.password) })).status
    ).toBe(200)
  })

  it('expires access tokens after expires_in', async () => {
    sandbox.control.setSwitches({ expiresIn: 60 })
    const token = await signIn(url)
    expect((await call(url, '/api/crm/crmboards', { token })).status).toBe(200)
    sandbox.control.setSwitches({ clockOffsetMs: 61_000 })
    const reply = await call(url, '/api/crm/crmboards', { token })
    expect(reply.status).toBe(401)
    expect(reply.json).toEqual(DENIED)
  })
})

describe('roles', () => {
  it('lets the read-only user read but not write opportunities (403)', async () => {
    const token = await signIn(url, readOnly)
    const list = await call<{ Records: { Id: number }[] }>(url, '/api/crm/crmopportunities', { token })
    expect(list.status).toBe(200)
    const record = (
      await call<Record<string, unknown>>(url, `/api/crm/crmopportunities/${list.json.Records[0]?.Id}`, {
        token
      })
    ).json
    const put = await call(url, '/api/crm/crmopportunities', { method: 'PUT', token, body: record })
    expect(put.status).toBe(403)
    const post = await call(url, '/api/crm/crmopportunities', { method: 'POST', token, body: record })
    expect(post.status).toBe(403)
    const del = await call(url, `/api/crm/crmopportunities/${record.Id}`, { method: 'DELETE', token })
    expect(del.status).toBe(403)
    expect((await call(url, `/api/crm/crmopportunities/${record.Id}`, { token })).status).toBe(200)
  })

  it('answers 401 instead when forbiddenAs401 is on', async () => {
    sandbox.control.setSwitches({ forbiddenAs401: true })
    const token = await signIn(url, readOnly)
    const reply = await call(url, '/api/crm/crmopportunities/1', { method: 'DELETE', token })
    expect(reply.status).toBe(401)
    expect(reply.json).toEqual(DENIED)
  })
})

describe('in-process app (createSandboxApp)', () => {
  it('answers without a socket, with its own state and control', async () => {
    const { app, control } = createSandboxApp(createState({ seed: 5, anchor: '2026-03-01' }))
    control.setSwitches({ limits: null })
    expect((await app.request('/api/crm/crmboards')).status).toBe(401)
    const reply = await app.request('/api/crm/crmboards', {
      headers: { Authorization: basic(admin.email, admin.password) }
    })
    expect(reply.status).toBe(200)
    expect(((await reply.json()) as { TotalItems: number }).TotalItems).toBe(4)
    expect(control.requests().map((r) => r.status)).toEqual([401, 200])
  })
})
