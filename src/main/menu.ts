/**
 * Installs the application menu and the About box: the Electron glue of menu-template.ts. The
 * only link the menu opens goes through window.ts's vetted openExternal, like every other.
 */
import { app, BrowserWindow, dialog, Menu } from 'electron'
import type { Logger } from './bridge/dispatch'
import { buildAboutBox, buildMenuTemplate, USER_GUIDE_URL, type MenuContext } from './menu-template'
import { openExternal } from './window'

export interface AppMenuOptions {
  isDev: boolean
  /** Edit → Undo / Redo: told to the page (the `app.command` event). */
  command(name: 'undo' | 'redo'): void
  log?: Logger
  platform?: NodeJS.Platform
}

/** Call after 'ready' (Menu needs it); once is enough, the menu serves every window. */
export function installAppMenu(options: AppMenuOptions): MenuContext {
  const log = options.log ?? (() => {})
  const context: MenuContext = {
    platform: options.platform ?? process.platform,
    isDev: options.isDev,
    // productName and version from package.json, as Electron reads them.
    appName: app.name,
    version: app.getVersion()
  }
  const about = buildAboutBox(context, process.versions)
  app.setAboutPanelOptions(about.panel)

  const showAbout = (): void => {
    const parent = BrowserWindow.getFocusedWindow()
    const shown = parent ? dialog.showMessageBox(parent, about.message) : dialog.showMessageBox(about.message)
    shown.catch((e: unknown) =>
      log(`menu: the About box failed: ${e instanceof Error ? e.message : String(e)}`)
    )
  }
  const openUserGuide = (): void => void openExternal(USER_GUIDE_URL, log)

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(buildMenuTemplate(context, { showAbout, openUserGuide, command: options.command }))
  )
  return context
}
