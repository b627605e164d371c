// @vitest-environment jsdom
import { describe, expect, it } from 'vitest'
import type { BridgeError } from '../../../shared/result'
import { CODE_NEEDED, CODE_REFUSED, UNREACHABLE, describeError, errorText } from './errors'

const err = (error: Partial<BridgeError> & Pick<BridgeError, 'kind'>): BridgeError => ({
  message: '',
  ...error
})

describe('describeError', () => {
  it("shows main's own message for a wrong password", () => {
    expect(errorText(err({ kind: 'Unauthorized', message: 'The email or password is incorrect.' }))).toBe(
      'The email or password is incorrect.'
    )
  })

  it('falls back to a plain sentence when main sends no message', () => {
    for (const kind of [
      'Unauthorized',
      'Forbidden',
      'Conflict',
      'Server',
      'NotFound',
      'Validation'
    ] as const) {
      const text = errorText(err({ kind, message: '  ' }))
      expect(text.length).toBeGreaterThan(10)
      expect(text).toMatch(/\.$/)
    }
  })

  it('asks for the authenticator code, and says when the code was refused', () => {
    const error = err({ kind: 'TwoFactorRequired', message: 'two_factor_auth_check' })
    expect(describeError(error).text).toBe(CODE_NEEDED)
    expect(describeError(error).text).toMatch(/authenticator/i)
    expect(describeError(error, { codeSent: true }).text).toBe(CODE_REFUSED)
  })

  it('says the server cannot be reached, whatever the technical detail', () => {
    expect(errorText(err({ kind: 'Network', message: 'connect ECONNREFUSED 127.0.0.1:9' }))).toBe(UNREACHABLE)
    expect(UNREACHABLE).toMatch(/reach/i)
  })

  it('tells how long to wait when rate limited', () => {
    expect(errorText(err({ kind: 'RateLimited', retryAfterSeconds: 30 }))).toMatch(/30 seconds/)
    expect(errorText(err({ kind: 'RateLimited', retryAfterSeconds: 0.2 }))).toMatch(/1 second\./)
    expect(errorText(err({ kind: 'RateLimited' }))).toMatch(/in a moment/)
  })

  it('puts validation messages under the fields the screen shows', () => {
    const error = err({
      kind: 'Validation',
      message: 'Enter a valid email address',
      fields: { email: 'Enter a valid email address', password: 'Enter your password' }
    })
    const described = describeError(error, { fields: ['email', 'password', 'totp', 'server'] })
    expect(described.fields).toEqual({
      email: 'Enter a valid email address',
      password: 'Enter your password'
    })
    expect(described.text).toBe('Check the 2 marked fields.')
    expect(describeError({ ...error, fields: { email: 'x' } }, { fields: ['email'] }).text).toBe(
      'Check the marked field.'
    )
  })

  it("keeps main's message when a validation error names a field the screen lacks", () => {
    const error = err({ kind: 'Validation', message: 'Unknown key: extra', fields: { extra: 'Unknown key' } })
    expect(describeError(error, { fields: ['email'] })).toEqual({ text: 'Unknown key: extra', fields: {} })
  })
})
