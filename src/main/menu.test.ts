/**
 * The menu glue against the fake electron: the template installed as the application menu, the
 * About box with package.json's name and version, and the user guide opened through the vetted
 * openExternal. Which items each platform gets is tested in menu-template.test.ts.
 */
import { readFileSync } from 'node:fs'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { installAppMenu } from './menu'
import { buildMenuTemplate, USER_GUIDE_URL, type MenuItemTemplate } from './menu-template'
import {
  app,
  BrowserWindow,
  dialog,
  Menu,
  resetFakeElectron,
  shell,
  type FakeMenuItem
} from './testing/fake-electron'

vi.mock('electron', () => import('./testing/fake-electron'))

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  productName: string
  version: string
}

function installed(): FakeMenuItem[] {
  const menu = Menu.getApplicationMenu()
  if (!menu) throw new Error('no application menu was set')
  return menu.items
}

function item(label: string): FakeMenuItem {
  const found = installed()
    .flatMap((m) => m.submenu ?? [])
    .find((i) => i.label === label)
  if (!found) throw new Error(`no menu item ${label}`)
  return found
}

/** The template without its click functions, which differ between two builds by identity only. */
const shape = (items: (FakeMenuItem | MenuItemTemplate)[]): unknown =>
  JSON.parse(JSON.stringify(items)) as unknown

beforeEach(() => resetFakeElectron())

describe('installAppMenu', () => {
  it('installs the template for the platform, with the name and version from package.json', () => {
    const context = installAppMenu({ isDev: false, command: () => {}, platform: 'linux' })
    expect(context).toEqual({
      platform: 'linux',
      isDev: false,
      appName: pkg.productName,
      version: pkg.version
    })
    const expected = buildMenuTemplate(context, {
      showAbout: () => {},
      openUserGuide: () => {},
      command: () => {}
    })
    expect(shape(installed())).toEqual(shape(expected))
  })

  it('fills the native About panel with the name and version', () => {
    installAppMenu({ isDev: false, command: () => {}, platform: 'darwin' })
    expect(app.setAboutPanelOptions).toHaveBeenCalledWith(
      expect.objectContaining({ applicationName: pkg.productName, applicationVersion: pkg.version })
    )
    // macOS's About is the role's native panel, not our dialog.
    expect(installed()[0]?.submenu?.[0]).toMatchObject({ role: 'about', label: `About ${pkg.productName}` })
  })

  it.each(['win32', 'linux'] as const)('on %s, About shows a message box over the window', (platform) => {
    installAppMenu({ isDev: false, command: () => {}, platform })
    const win = new BrowserWindow({ show: true })
    item(`About ${pkg.productName}`).click?.()
    expect(dialog.showMessageBox).toHaveBeenCalledWith(
      win,
      expect.objectContaining({
        title: `About ${pkg.productName}`,
        message: `${pkg.productName} ${pkg.version}`
      })
    )
    const detail = (dialog.showMessageBox.mock.calls[0]?.[1] as { detail: string }).detail
    expect(detail).toContain(`Node ${process.versions.node}`)
  })

  it('shows the About box on its own when no window has focus, and logs a failure', async () => {
    const log = vi.fn()
    installAppMenu({ isDev: false, command: () => {}, platform: 'win32', log })
    dialog.showMessageBox.mockRejectedValueOnce(new Error('no display'))
    item(`About ${pkg.productName}`).click?.()
    expect(dialog.showMessageBox).toHaveBeenCalledWith(expect.objectContaining({ type: 'info' }))
    await vi.waitFor(() => expect(log).toHaveBeenCalledWith(expect.stringContaining('no display')))
  })

  it('opens the user guide through the vetted openExternal', async () => {
    installAppMenu({ isDev: false, command: () => {}, platform: 'linux' })
    item('User Guide').click?.()
    await vi.waitFor(() => expect(shell.openExternal.mock.calls).toEqual([[USER_GUIDE_URL]]))
  })

  it('has reload and DevTools in dev only', () => {
    installAppMenu({ isDev: true, command: () => {}, platform: 'linux' })
    const view = () =>
      installed()
        .find((m) => m.label === 'View')
        ?.submenu?.map((i) => i.role)
    expect(view()).toContain('toggleDevTools')
    installAppMenu({ isDev: false, command: () => {}, platform: 'linux' })
    expect(view()).not.toContain('toggleDevTools')
    expect(view()).not.toContain('reload')
  })
})
