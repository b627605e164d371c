/**
 * App lifecycle only: one instance, sandbox everywhere, services + bridge + menu + window on
 * ready, services disposed and the window's place saved before exit. Everything with logic lives
 * in the modules imported here.
 */
import { app, ipcMain, safeStorage, type BrowserWindow } from 'electron'
import { createDispatcher } from './bridge/dispatch'
import { createEmitter, createSenderCheck, registerBridge } from './ipc'
import { installAppMenu } from './menu'
import { createSafeStorageSecretStore } from './secret-store'
import { redactSecrets } from './security'
import { createServices, type Services } from './services'
import { createMainWindow, RENDERER_INDEX_PATH, resolveAppLocation } from './window'
import { openWindowStateStore, type WindowStateStore } from './window-state'

// Never log payloads; redaction only catches accidents.
const log = (line: string): void => console.log(`[pipeline] ${redactSecrets(line)}`)

// Tests and side-by-side runs get their own profile; set before anything reads userData.
if (process.env.PIPELINE_USER_DATA) app.setPath('userData', process.env.PIPELINE_USER_DATA)

// Must run before 'ready': every renderer, whatever creates it, is sandboxed.
app.enableSandbox()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  start()
}

function start(): void {
  let win: BrowserWindow | null = null
  const getWebContents = () => (win && !win.isDestroyed() ? win.webContents : null)
  // The dev server URL is honoured only unpackaged, so a packaged app cannot be pointed elsewhere.
  const location = resolveAppLocation(
    RENDERER_INDEX_PATH,
    app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL
  )

  const openWindow = (services: Services, windowState: WindowStateStore): void => {
    win = createMainWindow(location, log, windowState)
    // Every load and reload starts by asking for the last board's saved copy (docs/performance.md).
    win.webContents.on('did-start-loading', () => services.pageLoading())
    win.on('closed', () => {
      win = null
    })
  }

  app.on('second-instance', () => {
    if (!win) return
    if (win.isMinimized()) win.restore()
    win.focus()
  })

  app
    .whenReady()
    .then(() => {
      const emit = createEmitter(getWebContents, log)
      const services = createServices({
        userDataDir: app.getPath('userData'),
        secretStore: createSafeStorageSecretStore(safeStorage),
        apiUrl: process.env.NEXUDUS_API_URL,
        log,
        emit
      })
      registerBridge(
        ipcMain,
        createDispatcher(services.handlers, log),
        createSenderCheck(getWebContents, location),
        log
      )
      installAppMenu({
        isDev: !app.isPackaged,
        log,
        command: (command) => emit('app.command', { command })
      })
      // Shared by every window of the run: one reopened on macOS comes back where the last one was.
      const windowState = openWindowStateStore(app.getPath('userData'), log)
      openWindow(services, windowState)

      app.on('activate', () => {
        if (!win) openWindow(services, windowState)
      })
      app.on('window-all-closed', () => {
        if (process.platform !== 'darwin') app.quit()
      })

      // Electron does not await async quit handlers: hold the quit until the services (outbox,
      // cache) are flushed and the window's place (saved as it closed) is written, but never
      // longer than a few seconds.
      let disposed = false
      app.on('will-quit', (event) => {
        if (disposed) return
        event.preventDefault()
        const timeout = new Promise<void>((resolve) => setTimeout(resolve, 5000))
        Promise.race([Promise.all([services.dispose(), windowState.settle()]), timeout])
          .catch((e: unknown) => log(`quit: dispose failed: ${e instanceof Error ? e.message : String(e)}`))
          .finally(() => {
            disposed = true
            app.quit()
          })
      })
    })
    .catch((e: unknown) => {
      log(`startup failed: ${e instanceof Error ? e.message : String(e)}`)
      app.exit(1)
    })
}
