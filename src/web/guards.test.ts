/**
 * Edge cases of the loopback bridge's checks that server.test.ts does not reach over HTTP: the
 * look-alike origins and hosts a hostile page or a rebinding DNS name can produce.
 */
import { describe, expect, it } from 'vitest'
import { isAllowedHost, isAllowedOrigin, secretMatches } from './guards'

const PORT = 41234

describe('isAllowedHost', () => {
  it.each([
    [`127.0.0.1:${PORT}`, true],
    [`localhost:${PORT}`, true],
    [`LOCALHOST:${PORT}`, true],
    ['127.0.0.1', false],
    [`127.0.0.1:${PORT + 1}`, false],
    [`evil.example:${PORT}`, false],
    [`127.0.0.1:${PORT}.evil.example`, false],
    [`[::1]:${PORT}`, false],
    [undefined, false]
  ])('%s is %s', (host, expected) => {
    expect(isAllowedHost(host, PORT)).toBe(expected)
  })
})

describe('isAllowedOrigin', () => {
  it.each([
    [`http://127.0.0.1:${PORT}`, true],
    [`http://localhost:${PORT}`, true],
    // Sandboxed frames, file: pages and some redirects send the literal origin "null".
    ['null', false],
    [`https://127.0.0.1:${PORT}`, false],
    [`http://127.0.0.1:${PORT}.evil.example`, false],
    [`http://evil.example`, false],
    [`http://127.0.0.1:${PORT}/`, false],
    ['', false],
    [undefined, false]
  ])('%s is %s', (origin, expected) => {
    expect(isAllowedOrigin(origin, PORT)).toBe(expected)
  })
})

describe('secretMatches', () => {
  it('accepts only the exact secret', () => {
    const secret = 'c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3JldA'
    expect(secretMatches(secret, secret)).toBe(true)
    for (const given of [secret.slice(0, -1), `${secret}x`, secret.toUpperCase(), '', undefined, null]) {
      expect(secretMatches(given, secret)).toBe(false)
    }
  })
})
