/**
 * A tiny scriptable Nexudus for unit tests: node:http on a free loopback port, the token endpoint
 * of API doc §1 (password/refresh grants, client_id header, 2FA, rotation) and per-route handlers
 * or one-shot scripted replies for everything else. Not the sandbox: only what tests steer.
 */
import { randomBytes } from 'node:crypto'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeRequest {
  method: string
  path: string
  query: URLSearchParams
  headers: IncomingHttpHeaders
  body: string
}

export interface FakeReply {
  status?: number
  headers?: Record<string, string>
  /** JSON-encoded unless `raw`. */
  body?: unknown
  raw?: string
  /** Drop the connection without answering: a network error. */
  destroy?: boolean
  delayMs?: number
}

export type Handler = (request: FakeRequest) => FakeReply | Promise<FakeReply>

export interface Account {
  password: string
  totp?: string
  mustReset?: boolean
}

interface RefreshGrant {
  email: string
  clientId: string
}

export interface FakeNexudus {
  url: string
  requests: FakeRequest[]
  accounts: Map<string, Account>
  /** Seconds, as `expires_in` in token answers. */
  expiresIn: number
  issueRefreshTokens: boolean
  route(method: string, path: string, handler: Handler): void
  /** One-shot replies for the next calls to method+path, used before the route handler. */
  script(method: string, path: string, ...replies: FakeReply[]): void
  /** Makes every access token issued so far unusable (401), as an expiry would. */
  revokeAccessTokens(): void
  revokeRefreshTokens(): void
  validRefreshTokens(): string[]
  issuedTokens(): string[]
  calls(method: string, path: string): FakeRequest[]
  close(): Promise<void>
}

const json = (status: number, body: unknown): FakeReply => ({ status, body })

export async function startFakeNexudus(): Promise<FakeNexudus> {
  const routes = new Map<string, Handler>()
  const scripts = new Map<string, FakeReply[]>()
  const accessTokens = new Set<string>()
  const refreshTokens = new Map<string, RefreshGrant>()
  const issued: string[] = []
  const requests: FakeRequest[] = []
  const accounts = new Map<string, Account>()

  const fake: FakeNexudus = {
    url: '',
    requests,
    accounts,
    expiresIn: 3600,
    issueRefreshTokens: true,
    route: (method, path, handler) => routes.set(`${method} ${path}`, handler),
    script: (method, path, ...replies) => {
      const key = `${method} ${path}`
      scripts.set(key, [...(scripts.get(key) ?? []), ...replies])
    },
    revokeAccessTokens: () => accessTokens.clear(),
    revokeRefreshTokens: () => refreshTokens.clear(),
    validRefreshTokens: () => [...refreshTokens.keys()],
    issuedTokens: () => [...issued],
    calls: (method, path) => requests.filter((r) => r.method === method && r.path === path),
    close: () => new Promise((resolve) => server.close(() => resolve()))
  }

  function issue(grant: RefreshGrant): FakeReply {
    const access = `AT-${randomBytes(12).toString('hex')}`
    accessTokens.add(access)
    issued.push(access)
    const body: Record<string, unknown> = {
      access_token: access,
      token_type: 'bearer',
      expires_in: fake.expiresIn
    }
    if (fake.issueRefreshTokens) {
      // One refresh token per client_id (API doc §1.1): a new one invalidates the older ones.
      for (const [token, owner] of refreshTokens)
        if (owner.clientId === grant.clientId) refreshTokens.delete(token)
      const refresh = `RT-${randomBytes(12).toString('hex')}`
      refreshTokens.set(refresh, grant)
      issued.push(refresh)
      body.refresh_token = refresh
    }
    return json(200, body)
  }

  function token(request: FakeRequest): FakeReply {
    if (!String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')) {
      return json(400, { error: 'unsupported_grant_type' })
    }
    const form = new URLSearchParams(request.body)
    const header = request.headers['client_id']
    const clientId = typeof header === 'string' ? header : null
    if (form.get('grant_type') === 'password') {
      const email = form.get('username') ?? ''
      const account = accounts.get(email)
      if (!account || account.password !== form.get('password')) {
        return json(400, {
          error: 'invalid_grant',
          error_description: 'The user name or password is incorrect.'
        })
      }
      if (account.mustReset) return json(400, { error: 'must_reset_password' })
      if (account.totp && form.get('totp') !== account.totp)
        return json(400, { error: 'two_factor_auth_check' })
      return issue({ email, clientId: clientId ?? email })
    }
    if (form.get('grant_type') === 'refresh_token') {
      const grant = refreshTokens.get(form.get('refresh_token') ?? '')
      if (!grant || grant.clientId !== (clientId ?? grant.email)) return json(400, { error: 'invalid_grant' })
      refreshTokens.delete(form.get('refresh_token') ?? '')
      return issue(grant)
    }
    return json(400, { error: 'unsupported_grant_type' })
  }

  async function answer(request: FakeRequest): Promise<FakeReply> {
    const key = `${request.method} ${request.path}`
    const scripted = scripts.get(key)?.shift()
    if (scripted) return scripted
    if (key === 'POST /api/token') return token(request)
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]
    if (!bearer || !accessTokens.has(bearer)) {
      return json(401, { Message: 'Authorization has been denied for this request.' })
    }
    const handler = routes.get(key)
    return handler ? handler(request) : json(404, 'Not found')
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake')
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      }
      requests.push(request)
      void answer(request).then(async (reply) => {
        if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs))
        if (reply.destroy) return req.socket.destroy()
        const text = reply.raw ?? (reply.body === undefined ? '' : JSON.stringify(reply.body))
        res.writeHead(reply.status ?? 200, {
          'content-type': reply.raw === undefined ? 'application/json; charset=utf-8' : 'text/html',
          ...reply.headers
        })
        res.end(text)
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return fake
}

/** A list envelope of `records` as Nexudus pages it (API doc §3.3). */
export function page<T>(records: T[], pageNumber: number, size: number): Record<string, unknown> {
  const slice = records.slice((pageNumber - 1) * size, pageNumber * size)
  const totalPages = Math.max(1, Math.ceil(records.length / size))
  return {
    Records: slice,
    CurrentPage: pageNumber,
    CurrentPageSize: size,
    TotalItems: records.length,
    TotalPages: totalPages,
    HasNextPage: pageNumber < totalPages,
    HasPreviousPage: pageNumber > 1
  }
}

/** A reversible stand-in for safeStorage: not secure, but never plain text on disk. */
export function fakeSecretStore(available = true) {
  const key = 0x5a
  const flip = (data: Buffer) => Buffer.from(data.map((b) => b ^ key))
  return {
    available,
    isEncryptionAvailable() {
      return this.available
    },
    encryptString: (plain: string) => flip(Buffer.from(`enc:${plain}`, 'utf8')),
    decryptString(data: Buffer) {
      const text = flip(data).toString('utf8')
      if (!text.startsWith('enc:')) throw new Error('cannot decrypt')
      return text.slice(4)
    }
  }
}
