/**
 * The application menu and the About box as plain data. No 'electron' import, so which items each
 * platform gets is unit-tested without Electron; menu.ts hands the result to Menu.buildFromTemplate,
 * whose own type checks at compile time that these shapes fit.
 */

/** Where "User Guide" leads. A reserved .example name until the guide is published: it can never be somebody else's site. */
export const USER_GUIDE_URL = 'https://pipeline.example/user-guide'

export const APP_DESCRIPTION = 'A desktop pipeline board for Nexudus CRM opportunities.'

/** The Electron roles this menu uses: each brings its label, shortcut and behaviour per platform. */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'reload'
  | 'toggleDevTools'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'window'
  | 'help'

export interface MenuItemTemplate {
  label?: string
  accelerator?: string
  role?: MenuRole
  type?: 'separator'
  submenu?: MenuItemTemplate[]
  click?: () => void
}

export interface MenuContext {
  platform: NodeJS.Platform
  /** Unpackaged (electron-vite dev or preview): only then may the page be reloaded or inspected. */
  isDev: boolean
  appName: string
  version: string
}

export interface MenuActions {
  showAbout(): void
  openUserGuide(): void
  /**
   * Undo and redo go to the page, which undoes the text being edited or, outside a field, the
   * board's last move (a server write). The undo/redo roles would only edit text, and on macOS
   * they take the keys before the page could see them.
   */
  command(name: 'undo' | 'redo'): void
}

const separator: MenuItemTemplate = { type: 'separator' }

export function buildMenuTemplate(context: MenuContext, actions: MenuActions): MenuItemTemplate[] {
  const mac = context.platform === 'darwin'
  const aboutLabel = `About ${context.appName}`
  // macOS's role shows its native panel (filled by app.setAboutPanelOptions); elsewhere our dialog.
  const about: MenuItemTemplate = mac
    ? { label: aboutLabel, role: 'about' }
    : { label: aboutLabel, click: () => actions.showAbout() }

  const appMenu: MenuItemTemplate = {
    label: context.appName,
    submenu: [
      about,
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' }
    ]
  }
  // On macOS quitting lives in the app menu, and closing the window does not quit.
  const file: MenuItemTemplate = {
    label: 'File',
    submenu: mac ? [{ role: 'close' }] : [{ role: 'close' }, separator, { role: 'quit' }]
  }
  const edit: MenuItemTemplate = {
    label: 'Edit',
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: () => actions.command('undo') },
      { label: 'Redo', accelerator: 'Shift+CmdOrCtrl+Z', click: () => actions.command('redo') },
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      separator,
      { role: 'selectAll' }
    ]
  }
  // A packaged app offers neither: a reload only throws away what the page holds, and DevTools are
  // a debugger, which would also run whatever is pasted into its console in our page.
  const devTools: MenuItemTemplate[] = context.isDev
    ? [{ role: 'reload' }, { role: 'toggleDevTools' }, separator]
    : []
  const view: MenuItemTemplate = {
    label: 'View',
    submenu: [
      ...devTools,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' }
    ]
  }
  // 'zoom' and 'front' do something only on macOS (Electron gives them no action elsewhere, where
  // the title bar maximizes); there 'window' also lists the open windows.
  const windowMenu: MenuItemTemplate = mac
    ? {
        label: 'Window',
        role: 'window',
        submenu: [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }]
      }
    : { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'close' }] }
  const help: MenuItemTemplate = {
    label: 'Help',
    role: 'help',
    submenu: [
      { label: 'User Guide', click: () => actions.openUserGuide() },
      // macOS users find About in the app menu, as in every Mac app.
      ...(mac ? [] : [separator, about])
    ]
  }

  return [...(mac ? [appMenu] : []), file, edit, view, windowMenu, help]
}

export interface AboutBox {
  /** For app.setAboutPanelOptions: what macOS's native About panel shows. */
  panel: { applicationName: string; applicationVersion: string; credits: string }
  /** For dialog.showMessageBox on Windows and Linux. */
  message: {
    type: 'info'
    title: string
    message: string
    detail: string
    buttons: string[]
    noLink: boolean
  }
}

/** `runtime` is process.versions: support asks for these first. */
export function buildAboutBox(
  context: Pick<MenuContext, 'appName' | 'version'>,
  runtime: { electron?: string; chrome?: string; node?: string } = {}
): AboutBox {
  const parts = [
    runtime.electron && `Electron ${runtime.electron}`,
    runtime.chrome && `Chromium ${runtime.chrome}`,
    runtime.node && `Node ${runtime.node}`
  ].filter((part): part is string => Boolean(part))
  return {
    panel: {
      applicationName: context.appName,
      applicationVersion: context.version,
      credits: APP_DESCRIPTION
    },
    message: {
      type: 'info',
      title: `About ${context.appName}`,
      message: `${context.appName} ${context.version}`,
      detail: [APP_DESCRIPTION, ...(parts.length ? ['', parts.join(', ')] : [])].join('\n'),
      buttons: ['OK'],
      noLink: true
    }
  }
}
