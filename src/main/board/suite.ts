/**
 * The usual life of a test file that runs the real services against the sandbox: one sandbox per
 * file, fresh demo data and a fresh sign-in as the admin before each test, closed after it.
 */
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import type { RunningSandbox } from '../../sandbox'
import {
  DEMO_USERS,
  resetSandbox,
  sandboxView,
  signedIn,
  startQuietSandbox,
  type SandboxView,
  type Session
} from './harness'

export interface SandboxSuite {
  readonly sandbox: RunningSandbox
  /** Signed in as the admin, or as whoever `signInAs` last signed in. */
  readonly session: Session
  readonly view: SandboxView
  /** Replaces the test's session: another user, or the same one through a fetch of the test's. */
  signInAs(user?: { email: string; password: string }, fetchVia?: typeof fetch): Promise<Session>
}

export function sandboxSuite(): SandboxSuite {
  let sandbox: RunningSandbox | null = null
  let session: Session | null = null
  let view: SandboxView | null = null
  const need = <T>(value: T | null, what: string): T => {
    if (value === null) throw new Error(`sandboxSuite: no ${what} outside a test`)
    return value
  }

  beforeAll(async () => {
    sandbox = await startQuietSandbox()
  })
  afterAll(() => sandbox?.close())
  beforeEach(async () => {
    const s = need(sandbox, 'sandbox')
    resetSandbox(s)
    session = await signedIn(s)
    view = sandboxView(s)
  })
  afterEach(async () => {
    await session?.close()
    session = null
  })

  return {
    get sandbox() {
      return need(sandbox, 'sandbox')
    },
    get session() {
      return need(session, 'session')
    },
    get view() {
      return need(view, 'view')
    },
    async signInAs(user = DEMO_USERS.admin, fetchVia) {
      await session?.close()
      session = await signedIn(need(sandbox, 'sandbox'), user, fetchVia)
      return session
    }
  }
}
