/**
 * Token custody. The access and refresh tokens live here and nowhere else: not in AuthState, not
 * in errors, not in logs. The REST client asks for a token per request (TokenSource); refreshes
 * are proactive, single-flight, and rotate the refresh token (API doc §1.2). The session is kept
 * on disk only encrypted by the injected SecretStore; without one it lives in memory only.
 */
import type { AuthState } from '../../shared/bridge'
import { AppError } from '../bridge/errors'
import type { SettingsStore } from '../settings'
import {
  createTransport,
  hostOf,
  type Transport,
  type TransportOptions,
  type TokenSource
} from '../nexudus/transport'
import {
  canEncrypt,
  deleteSessionFile,
  readSessionFile,
  writeSessionFile,
  type SecretStore,
  type StoredSession
} from './session-file'
import { MESSAGES, requestToken, signInError, type Grant, type TokenSet } from './token-endpoint'

export type { SecretStore } from './session-file'

export const KEYCHAIN_NOTICE =
  'Your system keychain is unavailable, so you will need to sign in again next time.'
export const EXPIRED_NOTICE = MESSAGES.expired

export interface SignInRequest {
  server: string
  email: string
  password: string
  totp?: string
  /** The built-in demo workspace: never persisted, since its port changes every run. */
  demo?: boolean
}

export interface SessionOptions extends Pick<
  TransportOptions,
  'fetch' | 'timeoutMs' | 'sleep' | 'maxBodyBytes'
> {
  userDataDir: string
  secretStore: SecretStore | null
  settings: SettingsStore
  /** Shown as the server while signed out when settings have none. */
  defaultServer: string
  now?: () => number
  log?: (line: string) => void
  onChange?: (state: AuthState) => void
}

interface Current extends StoredSession {
  demo: boolean
}

/** Refresh when this little of the token's life is left: 60 s or 10 %, but never past half of it. */
export function refreshMarginMs(lifetimeMs: number): number {
  return Math.min(Math.max(60_000, lifetimeMs * 0.1), lifetimeMs / 2)
}

/** Only the origin is kept; plain http is refused for anything but this computer (the password travels). */
export function normaliseServer(input: string): string {
  let url: URL
  try {
    url = new URL(input.trim())
  } catch {
    throw invalidServer('Enter a server address starting with https://')
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw invalidServer('Enter a server address starting with https://')
  }
  return url.origin
}

const invalidServer = (message: string) =>
  new AppError('Validation', message, { fields: { server: message } })

export class Session implements TokenSource {
  readonly #options: SessionOptions
  readonly #transport: Transport
  readonly #now: () => number
  readonly #log: (line: string) => void
  #current: Current | null = null
  #notice: string | null = null
  /** Bumped on every sign-in and sign-out, so a refresh that finishes late cannot revive a session. */
  #epoch = 0
  #refreshing: Promise<void> | null = null
  #fileOps: Promise<void> = Promise.resolve()
  #lastState = ''

  constructor(options: SessionOptions) {
    this.#options = options
    this.#now = options.now ?? Date.now
    this.#log = options.log ?? (() => {})
    // Token calls are rare and must not wait behind board reads, so they get their own transport.
    this.#transport = createTransport({
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      sleep: options.sleep,
      maxBodyBytes: options.maxBodyBytes,
      now: this.#now,
      minIntervalMs: 0,
      log: this.#log
    })
  }

  state(): AuthState {
    const current = this.#current
    const encrypted = canEncrypt(this.#options.secretStore)
    return {
      signedIn: current !== null,
      email: current?.email ?? this.#options.settings.get().lastEmail ?? null,
      server: current?.server ?? this.#options.settings.get().server ?? this.#options.defaultServer,
      demo: current?.demo ?? false,
      persistence: encrypted && !current?.demo ? 'encrypted' : 'memory',
      notice: this.#notice ?? (encrypted ? null : KEYCHAIN_NOTICE)
    }
  }

  /** Picks up the session saved by a previous run; without a usable keychain there is none. */
  async restore(): Promise<AuthState> {
    const store = this.#options.secretStore
    if (canEncrypt(store)) {
      const saved = await readSessionFile(this.#options.userDataDir, store, this.#log)
      const usable = saved && (saved.refreshToken !== null || saved.expiresAt > this.#now())
      if (saved && !usable) await this.#enqueueFileOp(() => deleteSessionFile(this.#options.userDataDir))
      if (saved && usable && this.#current === null) {
        this.#current = { ...saved, demo: false }
        this.#log(`auth: restored the session for ${hostOf(saved.server)}`)
      }
    }
    return this.#changed()
  }

  async signIn(request: SignInRequest): Promise<AuthState> {
    const server = normaliseServer(request.server)
    const clientId = await this.#options.settings.clientId()
    const grant: Grant = {
      grant_type: 'password',
      username: request.email,
      password: request.password,
      ...(request.totp ? { totp: request.totp } : {})
    }
    let answer
    try {
      answer = await requestToken(this.#transport, server, clientId, grant)
    } catch (error) {
      if (error instanceof AppError && error.kind === 'Network') {
        throw new AppError(
          'Network',
          `Cannot reach ${hostOf(server)}. Check the server address and your connection.`
        )
      }
      throw error
    }
    if (!answer.ok) {
      this.#log(`auth: sign-in to ${hostOf(server)} refused (${answer.error})`)
      throw signInError(answer.error, answer.description, Boolean(request.totp))
    }
    this.#epoch++
    this.#refreshing = null
    this.#notice = null
    this.#current = {
      ...this.#fromTokens(answer.tokens),
      server,
      email: request.email,
      clientId,
      demo: !!request.demo
    }
    this.#log(`auth: signed in to ${hostOf(server)}${request.demo ? ' (demo)' : ''}`)
    await this.#persist()
    if (!request.demo) await this.#options.settings.update({ server, lastEmail: request.email })
    return this.#changed()
  }

  /** Ends the session here and on disk; `notice` tells the user why when it was not their choice. */
  async signOut(notice: string | null = null): Promise<AuthState> {
    const wasSignedIn = this.#current !== null
    this.#epoch++
    this.#refreshing = null
    this.#current = null
    this.#notice = notice
    await this.#enqueueFileOp(() => deleteSessionFile(this.#options.userDataDir))
    if (wasSignedIn) this.#log(notice ? 'auth: signed out (session no longer valid)' : 'auth: signed out')
    return this.#changed()
  }

  server(): string | null {
    return this.#current?.server ?? null
  }

  async accessToken(): Promise<string> {
    const current = this.#requireCurrent()
    const remaining = current.expiresAt - this.#now()
    if (remaining > refreshMarginMs(current.lifetimeMs)) return current.accessToken
    if (current.refreshToken === null) {
      if (remaining > 0) return current.accessToken
      return this.#expire()
    }
    try {
      await this.#refresh()
    } catch (error) {
      // A token that still works is better than failing the call because a refresh hiccuped.
      const stillValid = this.#current === current && current.expiresAt > this.#now()
      if (stillValid && error instanceof AppError && error.kind !== 'Unauthorized') return current.accessToken
      throw error
    }
    return this.#requireCurrent().accessToken
  }

  async recoverFromUnauthorized(rejected: string): Promise<void> {
    const current = this.#requireCurrent()
    // Another call already replaced the rejected token: just use the new one.
    if (current.accessToken !== rejected) return
    if (current.refreshToken === null) return this.#expire()
    await this.#refresh()
  }

  rejectedAfterRefresh(): Promise<never> {
    return this.#expire()
  }

  /** Masks the live tokens in a line; a last guard, since nothing here logs them on purpose. */
  redact(line: string): string {
    let out = line
    for (const secret of [this.#current?.accessToken, this.#current?.refreshToken]) {
      if (secret) out = out.split(secret).join('[redacted]')
    }
    return out
  }

  close(): void {
    this.#transport.close()
  }

  /** Waits for pending disk writes (tests, shutdown). */
  flush(): Promise<void> {
    return this.#fileOps
  }

  #requireCurrent(): Current {
    if (!this.#current) throw new AppError('Unauthorized', 'Please sign in first.')
    return this.#current
  }

  #fromTokens(tokens: TokenSet) {
    return {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      lifetimeMs: tokens.lifetimeMs,
      expiresAt: this.#now() + tokens.lifetimeMs
    }
  }

  /** One refresh at a time: every caller that needs one while it runs shares its outcome. */
  #refresh(): Promise<void> {
    this.#refreshing ??= this.#doRefresh().finally(() => {
      this.#refreshing = null
    })
    return this.#refreshing
  }

  async #doRefresh(): Promise<void> {
    const current = this.#requireCurrent()
    const epoch = this.#epoch
    if (current.refreshToken === null) return this.#expire()
    const answer = await requestToken(this.#transport, current.server, current.clientId, {
      grant_type: 'refresh_token',
      refresh_token: current.refreshToken
    })
    if (epoch !== this.#epoch) throw new AppError('Unauthorized', 'Please sign in first.')
    if (!answer.ok) {
      this.#log(`auth: refresh refused (${answer.error})`)
      return this.#expire()
    }
    // The old refresh token is now dead (rotation); keep the new one, or none if none came back.
    this.#current = { ...current, ...this.#fromTokens(answer.tokens) }
    this.#log('auth: session refreshed')
    await this.#persist()
  }

  async #expire(): Promise<never> {
    if (this.#current) await this.signOut(EXPIRED_NOTICE)
    throw new AppError('Unauthorized', EXPIRED_NOTICE)
  }

  #persist(): Promise<void> {
    const current = this.#current
    const store = this.#options.secretStore
    const dir = this.#options.userDataDir
    if (!current || current.demo || !canEncrypt(store)) {
      // A session that is not kept must not leave an older one behind to be restored later.
      return this.#enqueueFileOp(() => deleteSessionFile(dir))
    }
    const { demo: _demo, ...stored } = current
    return this.#enqueueFileOp(() => writeSessionFile(dir, store, stored))
  }

  /** File writes and deletes in call order, so a late write can never resurrect a signed-out session. */
  #enqueueFileOp(op: () => Promise<void>): Promise<void> {
    this.#fileOps = this.#fileOps.then(op).catch((error: unknown) => {
      this.#log(`auth: could not update the saved session (${error instanceof Error ? error.name : 'error'})`)
    })
    return this.#fileOps
  }

  #changed(): AuthState {
    const state = this.state()
    const key = JSON.stringify(state)
    if (key !== this.#lastState) {
      this.#lastState = key
      this.#options.onChange?.(state)
    }
    return state
  }
}
