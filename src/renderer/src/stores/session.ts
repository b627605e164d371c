/**
 * Who is signed in, and the sign-in conversation with main: status at start-up, sign-in (with
 * the authenticator step), the demo workspace, sign-out, and `auth.changed` pushed by main
 * (e.g. the session expired), which sends the app back to the sign-in screen with main's notice.
 */
import { computed, ref } from 'vue'
import { defineStore } from 'pinia'
import type { AuthState, SignInInput } from '../../../shared/bridge'
import type { BridgeError, Result } from '../../../shared/result'
import { api, call } from '../services/api'
import { dropEarly } from '../services/early-cache'

export type SessionPhase = 'starting' | 'signedOut' | 'signedIn'
export type SessionPending = 'signIn' | 'demo' | 'signOut' | null

export const useSessionStore = defineStore('session', () => {
  const auth = ref<AuthState | null>(null)
  const phase = ref<SessionPhase>('starting')
  /** The request in flight, if any; one at a time. */
  const pending = ref<SessionPending>(null)
  const error = ref<BridgeError | null>(null)
  /** Main asked for an authenticator code; stays until signed in. */
  const needsCode = ref(false)

  const signedIn = computed(() => phase.value === 'signedIn')
  const email = computed(() => auth.value?.email ?? null)
  const server = computed(() => auth.value?.server ?? '')
  const demo = computed(() => auth.value?.demo ?? false)
  const notice = computed(() => auth.value?.notice ?? null)

  let unsubscribe: (() => void) | null = null

  function apply(state: AuthState): void {
    auth.value = state
    phase.value = state.signedIn ? 'signedIn' : 'signedOut'
    if (state.signedIn) {
      error.value = null
      needsCode.value = false
    }
  }

  /** Reads the current state and starts listening to main; safe to call more than once. */
  async function init(): Promise<void> {
    if (!unsubscribe) {
      try {
        unsubscribe = api().on('auth.changed', apply)
      } catch {
        // No bridge: auth.status below reports it in words.
      }
    }
    const result = await call((bridge) => bridge.auth.status())
    if (result.ok) apply(result.data)
    else {
      error.value = result.error
      phase.value = 'signedOut'
    }
  }

  async function run(kind: Exclude<SessionPending, null>, request: () => Promise<Result<AuthState>>) {
    if (pending.value) return false
    // A saved copy asked for at start belongs to whoever was signed in then.
    dropEarly()
    pending.value = kind
    error.value = null
    const result = await request()
    pending.value = null
    if (result.ok) {
      apply(result.data)
      return true
    }
    error.value = result.error
    return false
  }

  /** Resolves true once signed in; on failure `error` says why (TwoFactorRequired sets needsCode). */
  async function signIn(input: SignInInput): Promise<boolean> {
    const done = await run('signIn', () => call((bridge) => bridge.auth.signIn(input)))
    if (!done && error.value?.kind === 'TwoFactorRequired') needsCode.value = true
    return done
  }

  function openDemo(): Promise<boolean> {
    return run('demo', () => call((bridge) => bridge.auth.openDemo()))
  }

  function signOut(): Promise<boolean> {
    return run('signOut', () => call((bridge) => bridge.auth.signOut()))
  }

  function clearError(): void {
    error.value = null
  }

  /** Stops listening to main (tests, hot reload). */
  function dispose(): void {
    unsubscribe?.()
    unsubscribe = null
  }

  return {
    auth,
    phase,
    pending,
    error,
    needsCode,
    signedIn,
    email,
    server,
    demo,
    notice,
    init,
    signIn,
    openDemo,
    signOut,
    clearError,
    dispose
  }
})
