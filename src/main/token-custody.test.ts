/**
 * Token custody across the whole main process, wired as index.ts wires it: the preload's
 * window.nexudus → IPC → sender check → dispatcher → services → Nexudus (a fake), with the
 * session kept by the real safeStorage adapter over the fake safeStorage. session.test.ts holds
 * the same promises for the Session alone; this proves no other layer (dispatcher, IPC, services,
 * events, disk) lets a token through.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuthState, NexudusApi } from '../shared/bridge'
import type { Result } from '../shared/result'
import { SESSION_FILE } from './auth/session-file'
import { createDispatcher } from './bridge/dispatch'
import { createEmitter, createSenderCheck, registerBridge } from './ipc'
import { createSafeStorageSecretStore } from './secret-store'
import { resolveAppLocation } from './security'
import { createServices, type Services } from './services'
import {
  attachRenderer,
  contextBridge,
  FakeWebContents,
  ipcMain,
  resetFakeElectron,
  safeStorage
} from './testing/fake-electron'
import { page, startFakeNexudus, type FakeNexudus } from './testing/fake-nexudus'
// The real preload, as the renderer gets it: window.nexudus on the fake contextBridge.
import '../preload/index'

vi.mock('electron', () => import('./testing/fake-electron'))

const EMAIL = 'ada@example.com'
const PASSWORD = 'correct horse'
const BOARDS = '/api/crm/crmboards'
const location = resolveAppLocation('/opt/pipeline/out/renderer/index.html')
const appUrl = location.kind === 'file' ? location.indexUrl : ''
const api = contextBridge.exposed.nexudus as NexudusApi

let fake: FakeNexudus
let dir: string
/** Every line any layer logged, before index.ts's redaction: redaction is only the last guard. */
let logs: string[]
let seenByRenderer: unknown[]
let services: Services
let unregister: () => void
let unsubscribe: () => void

function start(): void {
  const window = new FakeWebContents(appUrl)
  attachRenderer(window)
  const log = (line: string): void => void logs.push(line)
  services = createServices({
    userDataDir: dir,
    secretStore: createSafeStorageSecretStore(safeStorage, 'linux'),
    apiUrl: fake.url,
    log,
    emit: createEmitter(() => window, log),
    tuning: { sleep: async () => {}, minIntervalMs: 0 }
  })
  unregister = registerBridge(
    ipcMain,
    createDispatcher(services.handlers, log),
    createSenderCheck(() => window, location),
    log
  )
}

async function restart(): Promise<void> {
  unregister()
  await services.dispose()
  start()
}

async function call<T>(answer: Promise<Result<T>>): Promise<Result<T>> {
  const result = await answer
  seenByRenderer.push(result)
  return result
}

beforeEach(async () => {
  resetFakeElectron()
  fake = await startFakeNexudus()
  fake.accounts.set(EMAIL, { password: PASSWORD })
  fake.route('GET', BOARDS, (r) => ({
    body: page([{ Id: 1, BusinessId: 7, Name: 'Sales' }], 1, Number(r.query.get('size')))
  }))
  dir = await mkdtemp(join(tmpdir(), 'pipeline-custody-'))
  logs = []
  seenByRenderer = []
  unsubscribe = api.on('auth.changed', (state: AuthState) => void seenByRenderer.push(state))
  start()
})

afterEach(async () => {
  unsubscribe()
  unregister()
  await services.dispose()
  await fake.close()
  await rm(dir, { recursive: true, force: true })
})

describe('token custody through the whole main process', () => {
  it('never logs nor hands the renderer a token: sign-in, refresh, failing calls, refusal', async () => {
    expect((await call(api.auth.signIn({ email: EMAIL, password: PASSWORD }))).ok).toBe(true)
    expect((await call(api.boards.list({}))).ok).toBe(true)

    // Expired access token: a 401, one refresh, the call again.
    fake.revokeAccessTokens()
    expect((await call(api.boards.list({}))).ok).toBe(true)
    expect(fake.calls('POST', '/api/token')).toHaveLength(2)

    // A server that fails and echoes the request's credentials back, as debug error pages do.
    fake.route('GET', BOARDS, (r) => ({
      status: 500,
      body: { Message: `Unexpected error for ${r.headers.authorization ?? ''}` }
    }))
    expect(await call(api.boards.list({}))).toMatchObject({ ok: false, error: { kind: 'Server' } })
    // … or echoes the bare token, which no pattern can recognise: the session masks its own tokens.
    fake.route('GET', BOARDS, (r) => ({
      status: 500,
      body: { Message: `Session ${(r.headers.authorization ?? '').replace(/^Bearer /, '')} is broken` }
    }))
    expect(await call(api.boards.list({}))).toMatchObject({
      ok: false,
      error: { kind: 'Server', message: 'Session [redacted] is broken' }
    })
    fake.route('GET', BOARDS, (r) => ({
      status: 403,
      body: { Message: `Denied: ${r.headers.authorization ?? ''}` }
    }))
    expect(await call(api.boards.list({}))).toMatchObject({ ok: false })
    fake.route('GET', BOARDS, () => ({ destroy: true }))
    expect(await call(api.boards.list({}))).toMatchObject({ ok: false, error: { kind: 'Network' } })

    // The refresh token is refused too: signed out, told why.
    fake.revokeAccessTokens()
    fake.revokeRefreshTokens()
    expect(await call(api.boards.list({}))).toMatchObject({ ok: false, error: { kind: 'Unauthorized' } })
    expect(await call(api.auth.status())).toMatchObject({ ok: true, data: { signedIn: false } })

    const tokens = fake.issuedTokens()
    // Two grants so far: a password grant and one refresh, each an access and a refresh token.
    expect(tokens).toHaveLength(4)
    expect(logs.length).toBeGreaterThan(3)
    const renderer = JSON.stringify(seenByRenderer)
    for (const token of tokens) {
      for (const line of logs) expect(line).not.toContain(token)
      expect(renderer).not.toContain(token)
    }
    expect(logs.join('\n')).not.toContain(PASSWORD)
  })

  it('keeps the session on disk only as safeStorage ciphertext, and restores it from there', async () => {
    await call(api.auth.signIn({ email: EMAIL, password: PASSWORD }))
    await restart()
    // The restart waits for the session file, which services.dispose() flushes.
    const raw = await readFile(join(dir, SESSION_FILE))
    const plain = raw.toString('latin1')
    const [accessToken, refreshToken] = fake.issuedTokens() as [string, string]
    for (const secret of [accessToken, refreshToken, EMAIL, PASSWORD]) expect(plain).not.toContain(secret)
    // What is there is safeStorage's work, not some other encoding that happens to hide the text.
    const sealed = raw.subarray(raw.indexOf('\n') + 1)
    expect(safeStorage.decryptString(sealed)).toContain(refreshToken)

    expect(await call(api.auth.status())).toMatchObject({
      ok: true,
      data: { signedIn: true, email: EMAIL, persistence: 'encrypted' }
    })
    expect((await call(api.boards.list({}))).ok).toBe(true)
    expect(fake.calls('POST', '/api/token')).toHaveLength(1)
  })

  it("writes nothing to disk when the keychain is Linux's basic_text obfuscation", async () => {
    safeStorage.backend = 'basic_text'
    await restart()
    expect(await call(api.auth.signIn({ email: EMAIL, password: PASSWORD }))).toMatchObject({
      ok: true,
      data: { signedIn: true, persistence: 'memory' }
    })
    await restart()
    expect(await readdir(dir)).not.toContain(SESSION_FILE)
    expect(await call(api.auth.status())).toMatchObject({ ok: true, data: { signedIn: false } })
  })
})
