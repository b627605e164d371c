import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startWebServer, type RunningWebServer } from './server'

let dir: string
let web: RunningWebServer
let secret: string

/** Raw HTTP so the test controls Host and Origin exactly (fetch forbids setting Host). */
function send(
  path: string,
  { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string }
): Promise<{ status: number; text: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((done, reject) => {
    const req = request({ host: '127.0.0.1', port: web.port, path, method, headers }, (res) => {
      let text = ''
      res.on('data', (d: Buffer) => (text += d.toString()))
      res.on('end', () => done({ status: res.statusCode ?? 0, text, headers: res.headers }))
    })
    req.on('error', reject)
    if (body) req.write(body)
    req.end()
  })
}

const own = () => ({ host: `127.0.0.1:${web.port}`, origin: `http://127.0.0.1:${web.port}` })
const call = (method: string, input: unknown, headers: Record<string, string>) =>
  send(`/bridge/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ input })
  })

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipeline-web-'))
  await mkdir(join(dir, 'static'))
  await writeFile(
    join(dir, 'static', 'index.html'),
    '<!doctype html><html><head><title>t</title><script type="module" src="./app.js"></script></head><body></body></html>'
  )
  await writeFile(join(dir, 'static', 'app.js'), 'export {}')
  web = await startWebServer({
    port: 0,
    staticDir: join(dir, 'static'),
    userDataDir: join(dir, 'data'),
    apiUrl: 'http://127.0.0.1:9',
    log: () => {}
  })
  const page = await send('/', { headers: { host: own().host } })
  secret = /name="nexudus-bridge-secret" content="([^"]+)"/.exec(page.text)?.[1] ?? ''
})

afterAll(async () => {
  await web.close()
  await rm(dir, { recursive: true, force: true })
})

describe('browser-mode bridge', () => {
  it('serves the page with the secret, the bridge client before the app, and a strict CSP', async () => {
    const page = await send('/', { headers: { host: own().host } })
    expect(secret).toMatch(/^[\w-]{40,}$/)
    expect(page.text.indexOf('bridge.js')).toBeLessThan(page.text.indexOf('app.js'))
    expect(page.headers['content-security-policy']).toContain("script-src 'self'")
    expect(page.headers['content-security-policy']).not.toContain('unsafe-eval')
  })

  it('answers a call that has our host, origin and secret', async () => {
    const res = await call('auth.status', {}, { ...own(), 'x-bridge-secret': secret })
    expect(res.status).toBe(200)
    const body = JSON.parse(res.text) as { ok: boolean; data: { signedIn: boolean } }
    expect(body.ok).toBe(true)
    expect(body.data.signedIn).toBe(false)
  })

  it('rejects a wrong or missing secret', async () => {
    expect(
      (await call('auth.status', {}, { ...own(), 'x-bridge-secret': secret.slice(1) + 'x' })).status
    ).toBe(403)
    expect((await call('auth.status', {}, own())).status).toBe(403)
  })

  it('rejects a foreign or missing Origin', async () => {
    const headers = { host: own().host, 'x-bridge-secret': secret }
    expect((await call('auth.status', {}, { ...headers, origin: 'http://evil.example' })).status).toBe(403)
    expect(
      (await call('auth.status', {}, { ...headers, origin: `http://127.0.0.1:${web.port + 1}` })).status
    ).toBe(403)
    expect((await call('auth.status', {}, headers)).status).toBe(403)
  })

  it('rejects a foreign Host (DNS rebinding), even for the page itself', async () => {
    const res = await call(
      'auth.status',
      {},
      { ...own(), host: `evil.example:${web.port}`, 'x-bridge-secret': secret }
    )
    expect(res.status).toBe(403)
    expect((await send('/', { headers: { host: 'evil.example' } })).status).toBe(403)
  })

  it('turns malformed input into a Validation error, not a crash', async () => {
    const headers = { ...own(), 'x-bridge-secret': secret }
    const bad = JSON.parse((await call('auth.signIn', { email: 42 }, headers)).text) as {
      ok: boolean
      error: { kind: string; fields: Record<string, string> }
    }
    expect(bad.ok).toBe(false)
    expect(bad.error.kind).toBe('Validation')
    expect(Object.keys(bad.error.fields)).toContain('email')
    const unknown = JSON.parse((await call('nope.nothing', {}, headers)).text) as { error: { kind: string } }
    expect(unknown.error.kind).toBe('Validation')
    const notJson = await send('/bridge/auth.status', {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: '{oops'
    })
    expect(JSON.parse(notJson.text)).toMatchObject({ ok: false, error: { kind: 'Validation' } })
  })

  it('does not serve files outside its folder', async () => {
    const res = await send('/../../etc/passwd', { headers: { host: own().host } })
    expect(res.status).toBe(404)
  })

  it('refuses the event stream without the secret', async () => {
    expect((await send('/bridge/events', { headers: { host: own().host } })).status).toBe(403)
  })

  it('refuses the event stream to a cross-site page or a foreign Host, even with the secret', async () => {
    const path = `/bridge/events?secret=${encodeURIComponent(secret)}`
    const crossSite = await send(path, { headers: { host: own().host, 'sec-fetch-site': 'cross-site' } })
    expect(crossSite.status).toBe(403)
    expect((await send(path, { headers: { host: `evil.example:${web.port}` } })).status).toBe(403)
  })
})
