/**
 * OAuth-style password/refresh grants and per-request authentication (API doc §1). Refresh tokens
 * rotate, and one client_id holds one live refresh token: a new token for a client_id revokes
 * that client_id's earlier refresh tokens, while issued access tokens live until they expire.
 */
import { randomBytes } from 'node:crypto'
import type { SandboxState } from './state'
import { verifyTotp } from './totp'
import type { User } from './types'

export interface TokenBody {
  access_token: string
  token_type: 'bearer'
  expires_in: number
  refresh_token: string
}

export interface OAuthError {
  error: string
  error_description?: string
}

export type GrantResult = { ok: true; body: TokenBody } | { ok: false; body: OAuthError }

const BAD_PASSWORD: OAuthError = {
  error: 'invalid_grant',
  error_description: 'The user name or password is incorrect.'
}

function findUser(state: SandboxState, email: string): User | undefined {
  const wanted = email.trim().toLowerCase()
  for (const user of state.data.users.values()) if (user.Email.toLowerCase() === wanted) return user
  return undefined
}

function canSignIn(user: User | undefined, password: string): user is User {
  return !!user && user.Active && user.APIAccess && user.password !== null && user.password === password
}

function issue(state: SandboxState, user: User, clientId: string): TokenBody {
  for (const [token, record] of state.refresh) if (record.clientId === clientId) state.refresh.delete(token)
  const now = state.clock.nowMs()
  const accessToken = randomBytes(32).toString('base64url')
  const refreshToken = randomBytes(32).toString('base64url')
  const expiresIn = state.switches.expiresIn
  state.issued.push(accessToken, refreshToken)
  state.access.set(accessToken, { userId: user.Id, clientId, expiresAtMs: now + expiresIn * 1000 })
  state.refresh.set(refreshToken, {
    userId: user.Id,
    clientId,
    expiresAtMs: now + state.switches.refreshTokenTtlSeconds * 1000
  })
  return {
    access_token: accessToken,
    token_type: 'bearer',
    expires_in: expiresIn,
    refresh_token: refreshToken
  }
}

export function passwordGrant(
  state: SandboxState,
  form: URLSearchParams,
  clientIdHeader: string | undefined
): GrantResult {
  const username = form.get('username') ?? ''
  const user = findUser(state, username)
  if (!canSignIn(user, form.get('password') ?? '')) return { ok: false, body: BAD_PASSWORD }
  if (user.totpSecret !== null) {
    const totp = form.get('totp')?.trim()
    if (!totp)
      return {
        ok: false,
        body: {
          error: 'two_factor_auth_check',
          error_description:
            'Two-factor authentication is enabled for this account: send the code from your authenticator app in the totp field.'
        }
      }
    if (!verifyTotp(user.totpSecret, totp))
      return {
        ok: false,
        body: {
          error: 'invalid_grant',
          error_description: 'The two-factor authentication code is incorrect.'
        }
      }
  }
  // client_id defaults to the user name (API doc §1.1).
  const clientId = clientIdHeader?.trim() || username.trim()
  return { ok: true, body: issue(state, user, clientId) }
}

export function refreshGrant(
  state: SandboxState,
  form: URLSearchParams,
  clientIdHeader: string | undefined
): GrantResult {
  const token = form.get('refresh_token') ?? ''
  const record = state.refresh.get(token)
  const user = record ? state.data.users.get(record.userId) : undefined
  if (!record || !user || record.expiresAtMs <= state.clock.nowMs() || !user.Active)
    return {
      ok: false,
      body: { error: 'invalid_grant', error_description: 'The refresh token is invalid or has expired.' }
    }
  if (clientIdHeader?.trim() !== record.clientId)
    return {
      ok: false,
      body: {
        error: 'invalid_grant',
        error_description: 'The client_id header does not match the one this token was issued to.'
      }
    }
  state.refresh.delete(token)
  return { ok: true, body: issue(state, user, record.clientId) }
}

export interface Caller {
  user: User
  /** Quotas are counted per token (API doc §8). */
  key: string
}

export function authenticate(state: SandboxState, header: string | undefined): Caller | null {
  if (!header) return null
  const [scheme = '', credentials = ''] = header.trim().split(/\s+/, 2)
  if (scheme.toLowerCase() === 'bearer') {
    const token = state.access.get(credentials)
    const user = token ? state.data.users.get(token.userId) : undefined
    if (!token || !user || !user.Active || token.expiresAtMs <= state.clock.nowMs()) return null
    return { user, key: `bearer:${credentials}` }
  }
  if (scheme.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credentials, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) return null
    const user = findUser(state, decoded.slice(0, colon))
    // Basic auth cannot carry a TOTP code, so it is refused for two-factor accounts.
    if (!canSignIn(user, decoded.slice(colon + 1)) || user.totpSecret !== null) return null
    return { user, key: `basic:${user.Email.toLowerCase()}` }
  }
  return null
}

export function hasRole(user: User, role: string): boolean {
  return user.roles === 'all' || user.roles.includes(role)
}
