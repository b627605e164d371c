/**
 * POST {server}/api/token (API doc §1.1–1.2): form-encoded, `client_id` as a header, answers
 * either a token set or an OAuth error code, which the session turns into a sentence.
 */
import { OAuthError, TokenResponse } from '../../shared/nexudus'
import { AppError } from '../bridge/errors'
import { describeIssue, parseJson, serverMessage } from '../nexudus/http-errors'
import { hostOf, unreadableAnswer, type Transport } from '../nexudus/transport'

export type Grant =
  | { grant_type: 'password'; username: string; password: string; totp?: string }
  | { grant_type: 'refresh_token'; refresh_token: string }

export interface TokenSet {
  accessToken: string
  /** Absent if the server issued none; the session then ends when the access token does. */
  refreshToken: string | null
  lifetimeMs: number
}

export type TokenAnswer =
  { ok: true; tokens: TokenSet } | { ok: false; error: string; description: string | null }

export async function requestToken(
  transport: Transport,
  server: string,
  clientId: string,
  grant: Grant
): Promise<TokenAnswer> {
  const form: Record<string, string> = Object.fromEntries(
    Object.entries(grant).filter((entry): entry is [string, string] => typeof entry[1] === 'string')
  )
  const response = await transport.send({
    method: 'POST',
    url: new URL('/api/token', server).toString(),
    form,
    headers: { client_id: clientId }
  })
  const json = parseJson(response.body)
  if (response.status === 200) {
    if (!json.ok) throw unreadableAnswer('not JSON')
    const parsed = TokenResponse.safeParse(json.value)
    if (!parsed.success) throw unreadableAnswer(describeIssue(parsed.error))
    return {
      ok: true,
      tokens: {
        accessToken: parsed.data.access_token,
        refreshToken: parsed.data.refresh_token ?? null,
        lifetimeMs: parsed.data.expires_in * 1000
      }
    }
  }
  const oauth = json.ok ? OAuthError.safeParse(json.value) : null
  if (oauth?.success && (response.status === 400 || response.status === 401)) {
    return { ok: false, error: oauth.data.error, description: oauth.data.error_description ?? null }
  }
  if (response.status === 404) {
    throw new AppError(
      'Server',
      `${hostOf(server)} does not look like a Nexudus server (it has no sign-in endpoint).`
    )
  }
  const message = serverMessage(response.body)
  throw new AppError(
    'Server',
    message ?? `The server could not sign you in (HTTP ${response.status}). Try again later.`
  )
}

export const MESSAGES = {
  wrongPassword: 'The email or password is incorrect.',
  twoFactor: 'Enter the code from your authenticator app.',
  twoFactorRejected: 'That code was not accepted. Enter the current code from your authenticator app.',
  mustReset:
    'Nexudus asks you to reset your password before you can sign in. Reset it on the Nexudus website, then sign in here.',
  expired: 'Your session has expired. Please sign in again.'
} as const

/** The password grant's OAuth errors (API doc §1.2) as the sentence the sign-in form shows. */
export function signInError(error: string, description: string | null, totpSent: boolean): AppError {
  switch (error) {
    case 'invalid_grant':
      return new AppError('Unauthorized', MESSAGES.wrongPassword)
    case 'two_factor_auth_check':
      return new AppError('TwoFactorRequired', totpSent ? MESSAGES.twoFactorRejected : MESSAGES.twoFactor)
    case 'must_reset_password':
      return new AppError('Unauthorized', MESSAGES.mustReset)
    default:
      return new AppError(
        'Server',
        `The server refused the sign-in (${(description ?? error).slice(0, 200)}). Check the server address.`
      )
  }
}
