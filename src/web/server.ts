/**
 * Browser mode: serves the built renderer (out/web) and the main-process services to a browser
 * over loopback. The page gets `window.nexudus` from bridge.js (src/web/client.ts), which calls
 * POST /bridge/<method> and listens on GET /bridge/events (SSE). The handlers are the very ones
 * Electron serves over IPC (src/main/services.ts), behind the same dispatcher.
 */
import { randomBytes } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import { Hono } from 'hono'
import { streamSSE, type SSEStreamingApi } from 'hono/streaming'
import { eventNames, type EventName } from '../shared/bridge'
import { createDispatcher } from '../main/bridge/dispatch'
import { redactResult } from '../main/security'
import { createServices, type ServicesOptions } from '../main/services'
import { CONTENT_SECURITY_POLICY, isAllowedHost, isAllowedOrigin, secretMatches } from './guards'

export interface WebServerOptions {
  /** 0 or undefined: a free port. */
  port?: number
  staticDir: string
  userDataDir: string
  apiUrl?: string
  log?: (line: string) => void
  startDemo?: ServicesOptions['startDemo']
}

export interface RunningWebServer {
  url: string
  port: number
  close(): Promise<void>
}

const MAX_BODY_BYTES = 1_000_000
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json'
}

const SECURITY_HEADERS = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store'
}

/** Puts the secret and the bridge client in the page, before the app's own module runs. */
export function injectBridge(html: string, secret: string): string {
  const tags = `<meta name="nexudus-bridge-secret" content="${secret}">\n    <script type="module" src="./bridge.js"></script>\n    `
  const at = html.indexOf('<script')
  return at === -1 ? html.replace('</head>', `${tags}</head>`) : html.slice(0, at) + tags + html.slice(at)
}

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const log = options.log ?? ((line: string) => console.log(line))
  const secret = randomBytes(32).toString('base64url')
  const staticRoot = resolve(options.staticDir)
  /** Open event streams, each with what ends it (stops its keep-alive and lets its handler return). */
  const streams = new Map<SSEStreamingApi, () => void>()
  let port = 0

  const services = createServices({
    userDataDir: options.userDataDir,
    // No OS keychain in a plain Node process: the session stays in memory and the user is told.
    secretStore: null,
    apiUrl: options.apiUrl,
    log,
    startDemo: options.startDemo,
    emit: (event: EventName, payload: unknown) => {
      const data = JSON.stringify(payload)
      for (const [stream, end] of streams) void stream.writeSSE({ event, data }).catch(end)
    }
  })
  const dispatch = createDispatcher(services.handlers, log)
  const indexHtml = injectBridge(await readFile(join(staticRoot, 'index.html'), 'utf8'), secret)

  const app = new Hono()

  app.use('*', async (c, next) => {
    if (!isAllowedHost(c.req.header('host'), port)) return c.text('Forbidden host', 403)
    await next()
  })

  app.post('/bridge/:method', async (c) => {
    if (!isAllowedOrigin(c.req.header('origin'), port)) return c.json({ error: 'Forbidden origin' }, 403)
    if (!secretMatches(c.req.header('x-bridge-secret'), secret)) return c.json({ error: 'Forbidden' }, 403)
    const length = Number(c.req.header('content-length') ?? '0')
    if (length > MAX_BODY_BYTES) return c.json({ error: 'Too large' }, 413)
    let body: unknown
    try {
      const text = await c.req.text()
      if (text.length > MAX_BODY_BYTES) return c.json({ error: 'Too large' }, 413)
      body = text === '' ? {} : JSON.parse(text)
    } catch {
      return c.json({ ok: false, error: { kind: 'Validation', message: 'The request was not valid JSON.' } })
    }
    const input = typeof body === 'object' && body !== null ? (body as { input?: unknown }).input : undefined
    // The same last guard as the IPC transport (src/main/ipc.ts): server text in an error must
    // not carry our own credentials to the page.
    return c.json(redactResult(await dispatch(c.req.param('method'), input)))
  })

  app.get('/bridge/events', (c) => {
    // EventSource cannot send headers; the secret comes in the query, and a cross-site page
    // is refused by the browser's own Sec-Fetch-Site marker.
    if (!secretMatches(c.req.query('secret'), secret)) return c.text('Forbidden', 403)
    if (c.req.header('sec-fetch-site') === 'cross-site') return c.text('Forbidden', 403)
    return streamSSE(c, async (stream) => {
      // Until the page goes or the server closes: a comment every 15 s keeps the stream from being
      // timed out as idle. A loop of sleeps would outlive close() by up to 15 s and hold the process.
      await new Promise<void>((done) => {
        const timer = setInterval(() => void stream.write(': keep-alive\n\n').catch(end), 15_000)
        function end(): void {
          clearInterval(timer)
          streams.delete(stream)
          done()
        }
        streams.set(stream, end)
        stream.onAbort(end)
        stream.writeSSE({ event: 'ready', data: JSON.stringify(eventNames) }).catch(end)
      })
    })
  })

  app.get('*', async (c) => {
    const path = decodeURIComponent(new URL(c.req.url).pathname)
    if (path === '/' || path === '/index.html') {
      services.pageLoading()
      return c.body(indexHtml, 200, { ...SECURITY_HEADERS, 'Content-Type': MIME['.html']! })
    }
    const file = normalize(join(staticRoot, path))
    if (!file.startsWith(staticRoot + sep)) return c.text('Not found', 404)
    try {
      if (!(await stat(file)).isFile()) return c.text('Not found', 404)
      const type = MIME[extname(file)] ?? 'application/octet-stream'
      const caching = path.startsWith('/assets/')
        ? { 'Cache-Control': 'public, max-age=31536000, immutable' }
        : {}
      return c.body(await readFile(file), 200, { ...SECURITY_HEADERS, ...caching, 'Content-Type': type })
    } catch {
      return c.text('Not found', 404)
    }
  })

  const server: ServerType = await new Promise((done) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => done(s))
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      for (const [stream, end] of streams) {
        end()
        await stream.close().catch(() => {})
      }
      await services.dispose()
      await new Promise<void>((done) => {
        server.close(() => done())
        if ('closeAllConnections' in server) server.closeAllConnections()
      })
    }
  }
}
