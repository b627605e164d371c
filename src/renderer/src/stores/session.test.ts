// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { AuthState } from '../../../shared/bridge'
import { fail, ok, type Result } from '../../../shared/result'
import { setApi } from '../services/api'
import { authState, fakeApi } from '../testing/fake-api'
import { useSessionStore } from './session'

const signedIn = authState({ signedIn: true, email: 'ada@example.com' })

beforeEach(() => setActivePinia(createPinia()))
afterEach(() => setApi(null))

describe('session store', () => {
  it('starts from auth.status and listens to auth.changed', async () => {
    const bridge = fakeApi({ auth: { status: async () => ok(authState({ server: 'https://x.example' })) } })
    setApi(bridge)
    const session = useSessionStore()
    expect(session.phase).toBe('starting')
    await session.init()
    expect(session.phase).toBe('signedOut')
    expect(session.server).toBe('https://x.example')
    expect(bridge.listenerCount('auth.changed')).toBe(1)
    await session.init()
    expect(bridge.listenerCount('auth.changed')).toBe(1)
    session.dispose()
    expect(bridge.listenerCount('auth.changed')).toBe(0)
  })

  it('signs in, and is busy only while the request is in flight', async () => {
    let answer: (value: Result<AuthState>) => void = () => {}
    const signIn = vi.fn(() => new Promise<Result<AuthState>>((r) => (answer = r)))
    setApi(fakeApi({ auth: { signIn } }))
    const session = useSessionStore()
    const done = session.signIn({ email: 'ada@example.com', password: 'pw' })
    expect(session.pending).toBe('signIn')
    // A second submit while busy is ignored.
    expect(await session.signIn({ email: 'ada@example.com', password: 'pw' })).toBe(false)
    answer(ok(signedIn))
    expect(await done).toBe(true)
    expect(signIn).toHaveBeenCalledTimes(1)
    expect(session.pending).toBeNull()
    expect(session.signedIn).toBe(true)
    expect(session.email).toBe('ada@example.com')
  })

  it('keeps the error and stays signed out when the password is wrong', async () => {
    const error = { kind: 'Unauthorized' as const, message: 'The email or password is incorrect.' }
    setApi(fakeApi({ auth: { signIn: async () => fail(error) } }))
    const session = useSessionStore()
    expect(await session.signIn({ email: 'ada@example.com', password: 'nope' })).toBe(false)
    expect(session.error).toEqual(error)
    expect(session.needsCode).toBe(false)
    expect(session.signedIn).toBe(false)
  })

  it('asks for a code after TwoFactorRequired, then clears it once signed in', async () => {
    const signIn = vi
      .fn()
      .mockResolvedValueOnce(fail({ kind: 'TwoFactorRequired', message: 'Code needed' }))
      .mockResolvedValueOnce(ok(signedIn))
    setApi(fakeApi({ auth: { signIn } }))
    const session = useSessionStore()
    await session.signIn({ email: 'ada@example.com', password: 'pw' })
    expect(session.needsCode).toBe(true)
    await session.signIn({ email: 'ada@example.com', password: 'pw', totp: '123456' })
    expect(signIn).toHaveBeenLastCalledWith({ email: 'ada@example.com', password: 'pw', totp: '123456' })
    expect(session.needsCode).toBe(false)
    expect(session.error).toBeNull()
    expect(session.signedIn).toBe(true)
  })

  it('opens the demo workspace and signs out', async () => {
    setApi(
      fakeApi({
        auth: {
          openDemo: async () => ok(authState({ signedIn: true, email: 'demo@example.com', demo: true })),
          signOut: async () => ok(authState())
        }
      })
    )
    const session = useSessionStore()
    await session.openDemo()
    expect(session.demo).toBe(true)
    expect(session.phase).toBe('signedIn')
    await session.signOut()
    expect(session.phase).toBe('signedOut')
  })

  it('goes back to sign-in with the notice when main says the session ended', async () => {
    const bridge = fakeApi({ auth: { status: async () => ok(signedIn) } })
    setApi(bridge)
    const session = useSessionStore()
    await session.init()
    expect(session.signedIn).toBe(true)
    bridge.emit('auth.changed', authState({ notice: 'Your session expired. Please sign in again.' }))
    expect(session.phase).toBe('signedOut')
    expect(session.notice).toBe('Your session expired. Please sign in again.')
  })

  it('reports a missing bridge in words instead of throwing', async () => {
    const session = useSessionStore()
    await session.init()
    expect(session.phase).toBe('signedOut')
    expect(session.error?.message).toMatch(/background service/)
  })
})
