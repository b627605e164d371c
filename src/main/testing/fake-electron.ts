/**
 * A fake `electron` module for vitest: no Electron binary can be installed on the build machines,
 * so the glue is tested against this instead (`vi.mock('electron', () => import('./testing/fake-electron'))`).
 *
 * It imitates what the glue relies on, not all of Electron: ipcMain with a handler registry,
 * ipcRenderer wired to it in-process (arguments and results go through structuredClone like real
 * IPC, so a non-cloneable value fails here as it would there), webContents.send delivered to
 * ipcRenderer listeners, BrowserWindow/webContents capturing options and handlers, a session
 * capturing its hooks, safeStorage, shell and contextBridge; windows with bounds and maximize, the
 * displays of `screen`, the application Menu and dialog.showMessageBox. Tests reach the state
 * through the same module instance (import from './testing/fake-electron').
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { vi } from 'vitest'

type AnyHandler = (...args: never[]) => unknown

/** A minimal EventEmitter: enough for on/once/emit and to inspect what the glue registered. */
class FakeEmitter {
  private readonly handlers = new Map<string, { fn: AnyHandler; once: boolean }[]>()

  on(event: string, fn: AnyHandler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), { fn, once: false }])
    return this
  }

  once(event: string, fn: AnyHandler): this {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), { fn, once: true }])
    return this
  }

  removeListener(event: string, fn: AnyHandler): this {
    this.handlers.set(
      event,
      (this.handlers.get(event) ?? []).filter((h) => h.fn !== fn)
    )
    return this
  }

  emit(event: string, ...args: unknown[]): boolean {
    const list = this.handlers.get(event) ?? []
    this.handlers.set(
      event,
      list.filter((h) => !h.once)
    )
    for (const h of list) (h.fn as (...a: unknown[]) => unknown)(...args)
    return list.length > 0
  }

  listenerCount(event: string): number {
    return this.handlers.get(event)?.length ?? 0
  }
}

/** An Electron-style event: `preventDefault()` plus whatever fields the real event carries. */
export class FakeEvent {
  defaultPrevented = false
  preventDefault(): void {
    this.defaultPrevented = true
  }
}

export function fakeEvent<T extends object>(fields: T): FakeEvent & T {
  return Object.assign(new FakeEvent(), fields)
}

let nextFrameId = 1

export class FakeFrame {
  readonly frameTreeNodeId = nextFrameId++
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null
  ) {}

  get top(): FakeFrame {
    return this.parent ? this.parent.top : this
  }
}

export class FakeWebContents extends FakeEmitter {
  readonly mainFrame: FakeFrame
  readonly sent: { channel: string; args: unknown[] }[] = []
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | null = null
  private destroyed = false

  constructor(url = 'about:blank') {
    super()
    this.mainFrame = new FakeFrame(url)
  }

  isDestroyed(): boolean {
    return this.destroyed
  }

  destroy(): void {
    this.destroyed = true
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }): void {
    this.windowOpenHandler = handler
  }

  /** Like the real one: delivered to the renderer attached to this webContents, if any. */
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed')
    this.sent.push({ channel, args })
    if (ipcRenderer.attached?.webContents === this) ipcRenderer.deliver(channel, ...args)
  }

  loadURL(url: string): Promise<void> {
    this.mainFrame.url = url
    return Promise.resolve()
  }

  loadFile(path: string): Promise<void> {
    return this.loadURL(pathToFileURL(path).href)
  }
}

export interface FakeRect {
  x: number
  y: number
  width: number
  height: number
}

export interface FakeWindowOptions {
  x?: number
  y?: number
  width?: number
  height?: number
  minWidth?: number
  minHeight?: number
  show?: boolean
  title?: string
  webPreferences?: Record<string, unknown>
}

export class BrowserWindow extends FakeEmitter {
  static instances: BrowserWindow[] = []
  static getAllWindows(): BrowserWindow[] {
    return BrowserWindow.instances.filter((w) => !w.isDestroyed())
  }

  /** The window that has focus: the last one shown and not closed, as if the user just used it. */
  static getFocusedWindow(): BrowserWindow | null {
    return BrowserWindow.getAllWindows().findLast((w) => w.visible) ?? null
  }

  readonly webContents = new FakeWebContents()
  visible: boolean
  /** Normal (not maximized) bounds; Electron centres a window given no x/y, the fake puts it at 0,0. */
  bounds: FakeRect
  maximized = false
  private destroyed = false

  constructor(readonly options: FakeWindowOptions = {}) {
    super()
    this.visible = options.show ?? true
    this.bounds = {
      x: options.x ?? 0,
      y: options.y ?? 0,
      width: options.width ?? 800,
      height: options.height ?? 600
    }
    BrowserWindow.instances.push(this)
  }

  show(): void {
    this.visible = true
  }
  focus(): void {}
  restore(): void {}
  isMinimized(): boolean {
    return false
  }
  isDestroyed(): boolean {
    return this.destroyed
  }
  getNormalBounds(): FakeRect {
    return { ...this.bounds }
  }
  isMaximized(): boolean {
    return this.maximized
  }
  /** Like a user dragging or resizing: 'move' and/or 'resize', for what changed. */
  setBounds(bounds: Partial<FakeRect>): void {
    const before = this.bounds
    this.bounds = { ...before, ...bounds }
    if (this.bounds.x !== before.x || this.bounds.y !== before.y) this.emit('move')
    if (this.bounds.width !== before.width || this.bounds.height !== before.height) this.emit('resize')
  }
  /** Like Electron's: it also shows a hidden window. */
  maximize(): void {
    this.visible = true
    if (this.maximized) return
    this.maximized = true
    this.emit('maximize')
    this.emit('resize')
  }
  unmaximize(): void {
    if (!this.maximized) return
    this.maximized = false
    this.emit('unmaximize')
    this.emit('resize')
  }
  /** 'close' (which may be prevented) while the window still exists, then 'closed'. */
  close(): void {
    if (this.destroyed) return
    const event = new FakeEvent()
    this.emit('close', event)
    if (event.defaultPrevented) return
    this.destroyed = true
    this.webContents.destroy()
    this.emit('closed')
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url)
  }
  loadFile(path: string): Promise<void> {
    return this.webContents.loadFile(path)
  }
}

export interface FakeInvokeEvent {
  readonly sender: FakeWebContents | null
  readonly senderFrame: FakeFrame | null
  readonly frameId: number
  readonly processId: number
}

type InvokeListener = (event: FakeInvokeEvent, ...args: unknown[]) => unknown

class FakeIpcMain {
  readonly handlers = new Map<string, InvokeListener>()

  handle(channel: string, listener: InvokeListener): void {
    // Electron refuses a second handler on one channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
    this.handlers.set(channel, listener)
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }

  /** Calls a registered handler the way a renderer's invoke would reach it. */
  async invoke(channel: string, event: FakeInvokeEvent, ...args: unknown[]): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler)
      throw new Error(`Error invoking remote method '${channel}': No handler registered for '${channel}'`)
    try {
      return await handler(event, ...args)
    } catch (e) {
      // Electron keeps only the message of an error thrown in main.
      throw new Error(
        `Error invoking remote method '${channel}': ${e instanceof Error ? e.message : String(e)}`
      )
    }
  }
}

export const ipcMain = new FakeIpcMain()

export interface FakeIpcRendererEvent {
  readonly sender: FakeIpcRenderer
  readonly ports: never[]
}

type RendererListener = (event: FakeIpcRendererEvent, ...args: unknown[]) => void

export class FakeIpcRenderer {
  /** Which frame of which webContents this renderer (preload) runs in; null: not attached. */
  attached: { webContents: FakeWebContents; frame: FakeFrame | null } | null = null
  private readonly listeners = new Map<string, Set<RendererListener>>()

  async invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    const event: FakeInvokeEvent = {
      sender: this.attached?.webContents ?? null,
      senderFrame: this.attached?.frame ?? null,
      frameId: 1,
      processId: 1
    }
    return structuredClone(await ipcMain.invoke(channel, event, ...structuredClone(args)))
  }

  on(channel: string, listener: RendererListener): this {
    let set = this.listeners.get(channel)
    if (!set) this.listeners.set(channel, (set = new Set()))
    set.add(listener)
    return this
  }

  removeListener(channel: string, listener: RendererListener): this {
    this.listeners.get(channel)?.delete(listener)
    return this
  }

  listenerCount(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0
  }

  deliver(channel: string, ...args: unknown[]): void {
    const event: FakeIpcRendererEvent = { sender: this, ports: [] }
    for (const listener of this.listeners.get(channel) ?? []) listener(event, ...structuredClone(args))
  }
}

export const ipcRenderer = new FakeIpcRenderer()

/** Points the fake renderer at a frame: by default the main frame of `webContents`. */
export function attachRenderer(
  webContents: FakeWebContents,
  frame: FakeFrame | null = webContents.mainFrame
): void {
  ipcRenderer.attached = { webContents, frame }
}

export const contextBridge = {
  exposed: {} as Record<string, unknown>,
  exposeInMainWorld(key: string, api: unknown): void {
    // The real contextBridge refuses to overwrite an existing global.
    if (key in this.exposed)
      throw new Error(`Cannot bind an API on top of an existing property on the window object`)
    this.exposed[key] = api
  }
}

export interface FakeHeadersDetails {
  url: string
  resourceType?: string
  responseHeaders?: Record<string, string[]>
}
export type FakeHeadersCallback = (response: { responseHeaders?: Record<string, string | string[]> }) => void

export const session = {
  defaultSession: {
    headersListener: null as ((details: FakeHeadersDetails, callback: FakeHeadersCallback) => void) | null,
    permissionRequestHandler: null as
      | ((
          webContents: unknown,
          permission: string,
          callback: (granted: boolean) => void,
          details: unknown
        ) => void)
      | null,
    permissionCheckHandler: null as
      ((webContents: unknown, permission: string, origin: string, details: unknown) => boolean) | null,
    webRequest: {
      onHeadersReceived(
        listener: (details: FakeHeadersDetails, callback: FakeHeadersCallback) => void
      ): void {
        session.defaultSession.headersListener = listener
      }
    },
    setPermissionRequestHandler(
      handler: (
        webContents: unknown,
        permission: string,
        callback: (granted: boolean) => void,
        details: unknown
      ) => void
    ): void {
      session.defaultSession.permissionRequestHandler = handler
    },
    setPermissionCheckHandler(
      handler: (webContents: unknown, permission: string, origin: string, details: unknown) => boolean
    ): void {
      session.defaultSession.permissionCheckHandler = handler
    }
  }
}

export const shell = {
  openExternal: vi.fn(async (_url: string): Promise<void> => {})
}

export interface FakeDisplay {
  id: number
  bounds: FakeRect
  workArea: FakeRect
}

/** A 1920×1080 monitor with a 40 px taskbar at the bottom. */
export function fakeDisplay(
  bounds: FakeRect = { x: 0, y: 0, width: 1920, height: 1080 },
  id = 1
): FakeDisplay {
  return { id, bounds, workArea: { ...bounds, height: bounds.height - 40 } }
}

/** `displays[0]` is the primary display. */
export const screen = {
  displays: [fakeDisplay()] as FakeDisplay[],
  getAllDisplays(): FakeDisplay[] {
    return screen.displays.map((d) => structuredClone(d))
  },
  getPrimaryDisplay(): FakeDisplay {
    const primary = screen.displays[0]
    if (!primary) throw new Error('the fake screen has no display')
    return structuredClone(primary)
  }
}

export interface FakeMenuItem {
  label?: string
  role?: string
  type?: string
  submenu?: FakeMenuItem[]
  click?: () => void
}

/** Keeps the template it was built from, so a test can read and click the installed menu. */
export class Menu {
  static applicationMenu: Menu | null = null
  constructor(readonly items: FakeMenuItem[]) {}
  static buildFromTemplate(template: FakeMenuItem[]): Menu {
    return new Menu(template)
  }
  static setApplicationMenu(menu: Menu | null): void {
    Menu.applicationMenu = menu
  }
  static getApplicationMenu(): Menu | null {
    return Menu.applicationMenu
  }
}

export const dialog = {
  showMessageBox: vi.fn(
    async (..._args: unknown[]): Promise<{ response: number; checkboxChecked: boolean }> => ({
      response: 0,
      checkboxChecked: false
    })
  )
}

// Electron's app.name and app.getVersion() come from package.json: so do the fake's.
const packageJson = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  name: string
  productName?: string
  version: string
}

/** Reversible, visibly "encrypted" bytes, so a test can tell plain text was not stored. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable(): boolean {
    return this.available
  },
  getSelectedStorageBackend(): string {
    return this.backend
  },
  encryptString(plain: string): Buffer {
    if (!this.available) throw new Error('Encryption is not available.')
    return Buffer.concat([Buffer.from('fake:'), Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)])
  },
  decryptString(data: Buffer): string {
    if (!this.available) throw new Error('Decryption is not available.')
    if (data.subarray(0, 5).toString() !== 'fake:')
      throw new Error('Error while decrypting the ciphertext provided')
    return Buffer.from(data.subarray(5).map((b) => b ^ 0x5a)).toString('utf8')
  }
}

/** Just what index.ts touches; tests of the lifecycle can drive `emit('ready')` etc. */
class FakeApp extends FakeEmitter {
  isPackaged = false
  readonly name = packageJson.productName ?? packageJson.name
  readonly paths = new Map<string, string>()
  readonly enableSandbox = vi.fn()
  readonly requestSingleInstanceLock = vi.fn(() => true)
  readonly quit = vi.fn()
  readonly exit = vi.fn()
  readonly setAboutPanelOptions = vi.fn((_options: Record<string, unknown>) => {})
  getVersion(): string {
    return packageJson.version
  }
  getPath(name: string): string {
    return this.paths.get(name) ?? `/tmp/fake-electron/${name}`
  }
  setPath(name: string, path: string): void {
    this.paths.set(name, path)
  }
  whenReady(): Promise<void> {
    return Promise.resolve()
  }
}

export const app = new FakeApp()

/**
 * Clears main-process state between tests. The renderer side (exposed globals, ipcRenderer
 * listeners) belongs to the preload module, which is loaded once per test file, so it stays.
 */
export function resetFakeElectron(): void {
  ipcMain.handlers.clear()
  ipcRenderer.attached = null
  BrowserWindow.instances = []
  session.defaultSession.headersListener = null
  session.defaultSession.permissionRequestHandler = null
  session.defaultSession.permissionCheckHandler = null
  shell.openExternal.mockClear()
  screen.displays = [fakeDisplay()]
  Menu.applicationMenu = null
  dialog.showMessageBox.mockClear()
  app.setAboutPanelOptions.mockClear()
  app.paths.clear()
  safeStorage.available = true
  safeStorage.backend = 'gnome_libsecret'
}
