/**
 * The one app window and the session rules around it, following Electron's security checklist:
 * isolated sandboxed renderer, no navigation away, no new windows, no webviews, no permissions,
 * a strict CSP, and links leaving the app only through a vetted openExternal.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BrowserWindow, screen, session, shell, type Session } from 'electron'
import type { Logger } from './bridge/dispatch'
import { buildCsp, isAppUrl, isSafeExternalUrl, type AppLocation } from './security'
import { placeWindow, type WindowStateStore } from './window-state'

export { buildCsp, isAppUrl, isSafeExternalUrl, resolveAppLocation, type AppLocation } from './security'

// ESM has no __dirname; electron-vite puts main in out/main, preload in out/preload, renderer in out/renderer.
const here = fileURLToPath(new URL('.', import.meta.url))
export const PRELOAD_PATH = join(here, '../preload/index.cjs')
export const RENDERER_INDEX_PATH = join(here, '../renderer/index.html')

export const WINDOW_SIZE = { width: 1440, height: 900, minWidth: 960, minHeight: 600 } as const

/**
 * A drag or resize fires these events many times a second; the place is written once the window
 * has rested this long (and at once when it closes).
 */
export const WINDOW_STATE_SAVE_DELAY_MS = 500

/** Hands a link to the OS browser or mail client, only if it is https or mailto. */
export async function openExternal(url: string, log: Logger = () => {}): Promise<boolean> {
  if (!isSafeExternalUrl(url)) {
    log('window: refused to open a link that is not https or mailto')
    return false
  }
  try {
    // Re-serialised by the URL parser so the OS gets exactly what we vetted.
    await shell.openExternal(new URL(url).href)
    return true
  } catch (e) {
    log(`window: could not open a link: ${e instanceof Error ? e.message : String(e)}`)
    return false
  }
}

/**
 * CSP and permissions for the session the window uses. Each call replaces the previous handlers
 * (Electron keeps one per hook), so calling it again for a re-created window is harmless. The CSP
 * goes on every response: only our pages ever load in this session, and on anything else a policy
 * can only make things stricter.
 */
export function hardenSession(ses: Session, app: AppLocation): void {
  const csp = buildCsp(app)
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })
  // A CRM board needs no camera, location, notifications, clipboard reads, HID, ...
  ses.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false))
  ses.setPermissionCheckHandler(() => false)
}

/** Keeps the window's place in the store: debounced while it moves, at once when it closes. */
function rememberPlace(win: BrowserWindow, store: WindowStateStore): void {
  let timer: ReturnType<typeof setTimeout> | null = null
  const saveNow = (): void => {
    if (timer) clearTimeout(timer)
    timer = null
    if (win.isDestroyed()) return
    // The normal bounds, even when maximized: un-maximizing next time must restore that size.
    void store.save({ bounds: win.getNormalBounds(), maximized: win.isMaximized() })
  }
  const saveSoon = (): void => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(saveNow, WINDOW_STATE_SAVE_DELAY_MS)
  }
  win.on('resize', saveSoon)
  win.on('move', saveSoon)
  win.on('maximize', saveSoon)
  win.on('unmaximize', saveSoon)
  // 'closed' is too late: the window and its bounds are gone by then.
  win.on('close', saveNow)
}

/**
 * `windowState` restores the place the window had last time (clamped to the displays there are
 * now) and remembers it from here on; without it the window opens centred at the default size.
 */
export function createMainWindow(
  app: AppLocation,
  log: Logger = () => {},
  windowState?: WindowStateStore
): BrowserWindow {
  hardenSession(session.defaultSession, app)

  const place = placeWindow(
    windowState?.get() ?? null,
    screen.getAllDisplays().map((display) => display.workArea),
    screen.getPrimaryDisplay().workArea,
    WINDOW_SIZE
  )
  const win = new BrowserWindow({
    ...place.bounds,
    minWidth: WINDOW_SIZE.minWidth,
    minHeight: WINDOW_SIZE.minHeight,
    title: 'Pipeline',
    // Shown on ready-to-show so the user never sees a blank white frame.
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: PRELOAD_PATH
    }
  })
  win.once('ready-to-show', () => {
    // Not before: maximizing a hidden window shows it on Windows, blank frame and all.
    if (place.maximized) win.maximize()
    win.show()
  })
  if (windowState) rememberPlace(win, windowState)

  const contents = win.webContents
  // The window only ever shows our page; a link the user follows opens in their browser instead.
  contents.on('will-navigate', (event) => {
    if (isAppUrl(event.url, app)) return
    event.preventDefault()
    void openExternal(event.url, log)
  })
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url, app)) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url, log)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())

  const loading = app.kind === 'dev' ? win.loadURL(app.url) : win.loadFile(app.indexPath)
  loading.catch((e: unknown) =>
    log(`window: the page did not load: ${e instanceof Error ? e.message : String(e)}`)
  )
  return win
}
