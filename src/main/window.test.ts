/**
 * The window and session rules, against the fake electron: secure webPreferences, no navigation
 * away, no new windows or webviews, links out only via https/mailto, CSP, no permissions; and the
 * window's place, restored and remembered. Plus the pure URL and CSP rules they are built from.
 */
import { readFileSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CONTENT_SECURITY_POLICY as BROWSER_MODE_CSP } from '../web/guards'
import { redactResult, redactSecrets } from './security'
import {
  BrowserWindow,
  fakeDisplay,
  fakeEvent,
  resetFakeElectron,
  screen,
  session,
  shell,
  type FakeHeadersCallback
} from './testing/fake-electron'
import {
  buildCsp,
  createMainWindow,
  isAppUrl,
  isSafeExternalUrl,
  openExternal,
  PRELOAD_PATH,
  RENDERER_INDEX_PATH,
  resolveAppLocation,
  WINDOW_STATE_SAVE_DELAY_MS
} from './window'
import type { WindowState, WindowStateStore } from './window-state'

vi.mock('electron', () => import('./testing/fake-electron'))

const prod = resolveAppLocation('/opt/pipeline/out/renderer/index.html')
const dev = resolveAppLocation('/opt/pipeline/out/renderer/index.html', 'http://localhost:5173/')
const appUrl = prod.kind === 'file' ? prod.indexUrl : ''

function open(location = prod, windowState?: WindowStateStore) {
  const log = vi.fn<(line: string) => void>()
  createMainWindow(location, log, windowState)
  const win = BrowserWindow.instances.at(-1)
  if (!win) throw new Error('no window was created')
  return { win, contents: win.webContents, log }
}

const directives = (csp: string) => csp.split(';').map((d) => d.trim())

/** A store in memory: what the window asked to save, in order. */
function memoryStore(initial: WindowState | null = null) {
  let current = initial
  const saves: WindowState[] = []
  const store: WindowStateStore = {
    get: () => current,
    save: async (state) => {
      current = state
      saves.push(state)
    },
    settle: async () => {}
  }
  return { store, saves }
}

beforeEach(() => resetFakeElectron())

describe('createMainWindow', () => {
  it('creates the window with secure webPreferences and the built preload', () => {
    const { win } = open()
    expect(win.options.webPreferences).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: PRELOAD_PATH
    })
    expect(isAbsolute(PRELOAD_PATH)).toBe(true)
    expect(PRELOAD_PATH.endsWith(join('preload', 'index.cjs'))).toBe(true)
    expect(RENDERER_INDEX_PATH.endsWith(join('renderer', 'index.html'))).toBe(true)
    expect(win.options).toMatchObject({
      width: 1440,
      height: 900,
      minWidth: 960,
      minHeight: 600,
      title: 'Pipeline'
    })
  })

  it('stays hidden until ready-to-show', () => {
    const { win } = open()
    expect(win.options.show).toBe(false)
    expect(win.visible).toBe(false)
    win.emit('ready-to-show')
    expect(win.visible).toBe(true)
  })

  it('loads the built index.html in production and the dev server in dev', () => {
    expect(open().contents.mainFrame.url).toBe(appUrl)
    expect(open(dev).contents.mainFrame.url).toBe('http://localhost:5173/')
  })

  it('blocks navigation to anything but our page, opening only https links outside', () => {
    const { contents } = open()
    const navigate = (url: string) => {
      const event = fakeEvent({ url })
      contents.emit('will-navigate', event)
      return event.defaultPrevented
    }
    expect(navigate(`${appUrl}#/board/3`)).toBe(false)
    expect(navigate('https://evil.example/phish')).toBe(true)
    expect(navigate('file:///etc/passwd')).toBe(true)
    expect(navigate('http://example.com/')).toBe(true)
    expect(shell.openExternal.mock.calls).toEqual([['https://evil.example/phish']])
  })

  it('blocks redirects away from our page', () => {
    const { contents } = open()
    const event = fakeEvent({ url: 'https://evil.example/' })
    contents.emit('will-redirect', event)
    expect(event.defaultPrevented).toBe(true)
  })

  it('denies every window.open, handing only https and mailto to the OS', () => {
    const { contents } = open()
    const handler = contents.windowOpenHandler
    if (!handler) throw new Error('no window open handler')
    const urls = [
      'https://help.nexudus.com/a?b=c',
      'mailto:sales@example.com',
      'http://example.com/',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'smb://share/x',
      'not a url'
    ]
    for (const url of urls) expect(handler({ url })).toEqual({ action: 'deny' })
    expect(shell.openExternal.mock.calls).toEqual([
      ['https://help.nexudus.com/a?b=c'],
      ['mailto:sales@example.com']
    ])
  })

  it('prevents webviews from attaching', () => {
    const { contents } = open()
    const event = fakeEvent({})
    contents.emit('will-attach-webview', event, {}, { src: 'https://evil.example' })
    expect(event.defaultPrevented).toBe(true)
  })

  it('puts the CSP on responses, keeping the other headers', () => {
    open()
    const listener = session.defaultSession.headersListener
    if (!listener) throw new Error('no onHeadersReceived listener')
    const callback = vi.fn<FakeHeadersCallback>()
    listener({ url: appUrl, resourceType: 'mainFrame', responseHeaders: { 'X-Test': ['1'] } }, callback)
    expect(callback).toHaveBeenCalledWith({
      responseHeaders: { 'X-Test': ['1'], 'Content-Security-Policy': [buildCsp(prod)] }
    })
  })

  it('denies every permission request and check', () => {
    open()
    const { permissionRequestHandler: request, permissionCheckHandler: check } = session.defaultSession
    if (!request || !check) throw new Error('permission handlers missing')
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn()
      request({}, permission, callback, {})
      expect(callback).toHaveBeenCalledWith(false)
      expect(check({}, permission, appUrl, {})).toBe(false)
    }
  })
})

describe('the window remembers its place', () => {
  afterEach(() => vi.useRealTimers())

  it('opens at the default size, centred on the primary display, when nothing is saved', () => {
    // The fake primary display: 1920×1080 with a 40 px taskbar.
    const { win } = open(prod, memoryStore().store)
    expect(win.options).toMatchObject({
      x: 240,
      y: 70,
      width: 1440,
      height: 900,
      minWidth: 960,
      minHeight: 600
    })
    win.emit('ready-to-show')
    expect(win.maximized).toBe(false)
  })

  it('restores the saved place on a second display and maximizes only as it is shown', () => {
    screen.displays = [fakeDisplay(), fakeDisplay({ x: 1920, y: -200, width: 2560, height: 1440 }, 2)]
    const saved = { bounds: { x: 2100, y: -150, width: 1600, height: 1000 }, maximized: true }
    const { win } = open(prod, memoryStore(saved).store)
    expect(win.options).toMatchObject(saved.bounds)
    expect(win.maximized).toBe(false)
    expect(win.visible).toBe(false)
    win.emit('ready-to-show')
    expect(win.maximized).toBe(true)
    expect(win.visible).toBe(true)
  })

  it('pulls a place half off the screen back on, and centres one whose monitor is gone', () => {
    const halfOff = { bounds: { x: 1200, y: 500, width: 1200, height: 800 }, maximized: false }
    expect(open(prod, memoryStore(halfOff).store).win.options).toMatchObject({
      x: 720,
      y: 240,
      width: 1200,
      height: 800
    })
    const gone = { bounds: { x: 2100, y: -150, width: 1600, height: 1000 }, maximized: false }
    expect(open(prod, memoryStore(gone).store).win.options).toMatchObject({
      x: 240,
      y: 70,
      width: 1440,
      height: 900
    })
  })

  it('saves once the window has rested after moving, and at once when it closes', () => {
    vi.useFakeTimers()
    const { store, saves } = memoryStore()
    const { win } = open(prod, store)
    win.setBounds({ x: 100, y: 50 })
    win.setBounds({ x: 200, width: 1200 })
    vi.advanceTimersByTime(WINDOW_STATE_SAVE_DELAY_MS - 1)
    expect(saves).toEqual([])
    vi.advanceTimersByTime(1)
    expect(saves).toEqual([{ bounds: { x: 200, y: 50, width: 1200, height: 900 }, maximized: false }])

    // Maximized: the normal bounds are kept, for un-maximizing next time.
    win.maximize()
    vi.advanceTimersByTime(WINDOW_STATE_SAVE_DELAY_MS)
    expect(saves.at(-1)).toEqual({ bounds: { x: 200, y: 50, width: 1200, height: 900 }, maximized: true })

    win.unmaximize()
    win.setBounds({ height: 700 })
    win.close()
    expect(saves.at(-1)).toEqual({ bounds: { x: 200, y: 50, width: 1200, height: 700 }, maximized: false })
    expect(saves).toHaveLength(3)
    // The pending save was dropped with the window: nothing arrives later.
    vi.advanceTimersByTime(WINDOW_STATE_SAVE_DELAY_MS * 2)
    expect(saves).toHaveLength(3)
  })
})

describe('openExternal', () => {
  it('opens https and mailto links, refuses others, and survives an OS failure', async () => {
    await expect(openExternal('https://example.com/x')).resolves.toBe(true)
    await expect(openExternal('http://example.com/x')).resolves.toBe(false)
    shell.openExternal.mockRejectedValueOnce(new Error('no browser'))
    const log = vi.fn()
    await expect(openExternal('mailto:a@example.com', log)).resolves.toBe(false)
    expect(log).toHaveBeenCalledWith(expect.stringContaining('no browser'))
    expect(shell.openExternal.mock.calls).toEqual([['https://example.com/x'], ['mailto:a@example.com']])
  })
})

describe('buildCsp', () => {
  it('is strict in production: scripts only from the app, no eval, nothing embedded or posted', () => {
    const csp = buildCsp(prod)
    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; " +
        "frame-ancestors 'none'; form-action 'none'"
    )
    expect(csp).not.toContain('unsafe-eval')
    expect(directives(csp)).toContain("script-src 'self'")
  })

  it('is the policy browser mode serves too, so e2e runs meet the same rules as the desktop app', () => {
    expect(BROWSER_MODE_CSP).toBe(buildCsp(prod))
  })

  it("the page's own <meta> CSP says nothing the header does not, so neither loosens the other", () => {
    const html = readFileSync(new URL('../renderer/index.html', import.meta.url), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
    if (!meta) throw new Error('src/renderer/index.html has no CSP meta tag')
    const header = directives(buildCsp(prod))
    for (const directive of directives(meta)) expect(header).toContain(directive)
    expect(directives(meta)).toContain("script-src 'self'")
  })

  it('in dev adds only the dev server origin and its HMR websocket', () => {
    const csp = buildCsp(dev)
    expect(csp).not.toContain('unsafe-eval')
    expect(directives(csp)).toContain("script-src 'self' http://localhost:5173")
    expect(directives(csp)).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173")
    expect(directives(csp)).toContain("object-src 'none'")
  })
})

describe('URL rules', () => {
  it.each([
    ['https://example.com/', true],
    ['mailto:a@example.com', true],
    ['HTTPS://EXAMPLE.COM', true],
    ['https://bank.example@evil.example/', false],
    ['http://example.com/', false],
    ['file:///etc/passwd', false],
    ['javascript:alert(1)', false],
    ['data:text/html,<script>1</script>', false],
    ['ms-msdt:/id PCWDiagnostic', false],
    ['', false],
    ['example.com', false]
  ])('isSafeExternalUrl(%s) is %s', (url, expected) => {
    expect(isSafeExternalUrl(url)).toBe(expected)
  })

  it.each([
    [appUrl, true],
    [`${appUrl}#/board/1?x`, true],
    [`${appUrl}?debug=1`, true],
    ['file:///opt/pipeline/out/renderer/other.html', false],
    ['file:///etc/passwd', false],
    ['file://evil-host/opt/pipeline/out/renderer/index.html', false],
    ['https://evil.example/opt/pipeline/out/renderer/index.html', false],
    ['::not a url', false]
  ])('isAppUrl(%s) in production is %s', (url, expected) => {
    expect(isAppUrl(url, prod)).toBe(expected)
  })

  it('in dev the app is the dev server origin', () => {
    expect(isAppUrl('http://localhost:5173/src/main.ts', dev)).toBe(true)
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false)
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false)
    expect(isAppUrl(appUrl, dev)).toBe(false)
  })

  it('ignores a dev URL that is not http(s)', () => {
    expect(resolveAppLocation('/x/index.html', 'javascript:alert(1)').kind).toBe('file')
    expect(resolveAppLocation('/x/index.html', 'not a url').kind).toBe('file')
    expect(resolveAppLocation('/x/index.html', '').kind).toBe('file')
  })

  it('redactResult masks token-shaped text in a failed answer and leaves the rest alone', () => {
    const failed = redactResult({
      ok: false,
      error: {
        kind: 'Validation',
        message: 'Unexpected error for Bearer AT-123',
        fields: { Name: 'refresh_token=RT-456 is not a name', Value: 'must be positive' }
      }
    })
    expect(failed).toEqual({
      ok: false,
      error: {
        kind: 'Validation',
        message: 'Unexpected error for Bearer [redacted]',
        fields: { Name: 'refresh_token=[redacted] is not a name', Value: 'must be positive' }
      }
    })
    const answer = { ok: true as const, data: { note: 'Bearer is a word here' } }
    expect(redactResult(answer)).toBe(answer)
  })

  it('redactSecrets masks token-shaped text in log lines', () => {
    const line = redactSecrets(
      'GET /api Authorization: Bearer abc.def.ghi {"access_token":"t0k3n","password":"pw"}'
    )
    expect(line).not.toMatch(/abc\.def|t0k3n|"pw"/)
    expect(line).toContain('Bearer [redacted]')
  })
})
