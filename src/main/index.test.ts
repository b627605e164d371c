/**
 * The app's own wiring (index.ts), against the fake electron and stub services: every renderer
 * sandboxed before 'ready', one instance, the bridge it registers answering only our window, the
 * menu, and the window's place kept across runs. The rules themselves are tested in window.test.ts,
 * ipc.test.ts, menu.test.ts and window-state.test.ts; this proves index.ts uses them.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ipcChannel, methodNames, type Handlers } from '../shared/bridge'
import type { Services } from './services'
import { WINDOW_STATE_FILE } from './window-state'

vi.mock('electron', () => import('./testing/fake-electron'))

const calls: string[] = []
vi.mock('./services', () => ({
  createServices: (): Services => ({
    handlers: Object.fromEntries(
      methodNames.map((name) => [
        name,
        async () => {
          calls.push(name)
          return {
            signedIn: false,
            email: null,
            server: 'https://x.example',
            demo: false,
            persistence: 'memory',
            notice: null
          }
        }
      ])
    ) as unknown as Handlers,
    pageLoading: () => {},
    dispose: async () => {}
  })
}))

type Fake = typeof import('./testing/fake-electron')

/**
 * index.ts runs on import, so each test loads a fresh copy. The fake electron it talks to stays
 * the same object (vitest caches a mock factory's result across resetModules), so it is reset.
 */
async function launch(arrange: (fake: Fake) => void = () => {}): Promise<Fake> {
  vi.resetModules()
  const fake = (await import('electron')) as unknown as Fake
  fake.resetFakeElectron()
  fake.app.isPackaged = false
  fake.app.quit.mockClear()
  fake.app.enableSandbox.mockClear()
  arrange(fake)
  await import('./index')
  // Lets whenReady().then(...) run.
  await new Promise((resolve) => setTimeout(resolve, 0))
  return fake
}

beforeEach(() => {
  calls.length = 0
  vi.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(() => vi.restoreAllMocks())

describe('index.ts', () => {
  it('sandboxes every renderer before the app is ready, then opens one secured window', async () => {
    let sandboxedBeforeReady = false
    const fake = await launch((f) => {
      const whenReady = f.app.whenReady.bind(f.app)
      vi.spyOn(f.app, 'whenReady').mockImplementation(() => {
        sandboxedBeforeReady = f.app.enableSandbox.mock.calls.length > 0
        return whenReady()
      })
    })
    expect(sandboxedBeforeReady).toBe(true)
    expect(fake.BrowserWindow.instances).toHaveLength(1)
    expect(fake.BrowserWindow.instances[0]?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false
    })
  })

  it('registers the bridge behind the sender check: our page is answered, nothing else', async () => {
    const fake = await launch()
    const win = fake.BrowserWindow.instances[0]
    if (!win) throw new Error('no window')
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual(methodNames.map(ipcChannel).sort())

    fake.attachRenderer(win.webContents)
    expect(await fake.ipcRenderer.invoke(ipcChannel('auth.status'))).toMatchObject({ ok: true })
    expect(calls).toEqual(['auth.status'])

    // The same page in a sub-frame, and another webContents: refused before any handler runs.
    fake.attachRenderer(
      win.webContents,
      new fake.FakeFrame(win.webContents.mainFrame.url, win.webContents.mainFrame)
    )
    expect(await fake.ipcRenderer.invoke(ipcChannel('auth.status'))).toMatchObject({
      ok: false,
      error: { kind: 'Forbidden' }
    })
    fake.attachRenderer(new fake.FakeWebContents(win.webContents.mainFrame.url))
    expect(await fake.ipcRenderer.invoke(ipcChannel('auth.status'))).toMatchObject({
      ok: false,
      error: { kind: 'Forbidden' }
    })
    expect(calls).toEqual(['auth.status'])
  })

  it('ignores the dev server URL once packaged, so a packaged app never trusts another page', async () => {
    vi.stubEnv('ELECTRON_RENDERER_URL', 'http://evil.example:5173/')
    try {
      const fake = await launch((f) => {
        f.app.isPackaged = true
      })
      expect(fake.BrowserWindow.instances[0]?.webContents.mainFrame.url).toMatch(
        /^file:.*\/renderer\/index\.html$/
      )
    } finally {
      vi.unstubAllEnvs()
    }
  })

  it('installs the application menu, in its packaged form once packaged', async () => {
    const roles = (f: Fake) =>
      (f.Menu.getApplicationMenu()?.items ?? []).flatMap((m) => (m.submenu ?? []).map((i) => i.role))
    expect(roles(await launch())).toContain('toggleDevTools')
    const packaged = await launch((f) => {
      f.app.isPackaged = true
    })
    expect(roles(packaged)).toContain('quit')
    expect(roles(packaged)).not.toContain('toggleDevTools')
    expect(packaged.app.setAboutPanelOptions).toHaveBeenCalled()
  })

  it('opens the window where it was last time and saves its new place before quitting', async () => {
    const userData = await mkdtemp(join(tmpdir(), 'pipeline-index-'))
    vi.stubEnv('PIPELINE_USER_DATA', userData)
    try {
      const file = join(userData, WINDOW_STATE_FILE)
      const before = { bounds: { x: 100, y: 80, width: 1200, height: 800 }, maximized: false }
      await writeFile(file, JSON.stringify(before))
      const fake = await launch()
      const win = fake.BrowserWindow.instances[0]
      if (!win) throw new Error('no window')
      expect(win.options).toMatchObject(before.bounds)

      win.setBounds({ x: 300, width: 1000 })
      win.close()
      fake.app.emit('will-quit', fake.fakeEvent({}))
      await vi.waitFor(() => expect(fake.app.quit).toHaveBeenCalled())
      expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
        bounds: { x: 300, y: 80, width: 1000, height: 800 },
        maximized: false
      })
    } finally {
      vi.unstubAllEnvs()
      await rm(userData, { recursive: true, force: true })
    }
  })

  it('quits without a window or bridge when another instance already runs', async () => {
    const fake = await launch((f) => f.app.requestSingleInstanceLock.mockReturnValueOnce(false))
    expect(fake.app.quit).toHaveBeenCalled()
    expect(fake.BrowserWindow.instances).toHaveLength(0)
    expect(fake.ipcMain.handlers.size).toBe(0)
  })
})
