/**
 * The application menu per platform and build, and the About box's words: plain data, no Electron.
 */
import { describe, expect, it, vi } from 'vitest'
import { isSafeExternalUrl } from './security'
import {
  APP_DESCRIPTION,
  buildAboutBox,
  buildMenuTemplate,
  USER_GUIDE_URL,
  type MenuContext,
  type MenuItemTemplate
} from './menu-template'

const context = (platform: NodeJS.Platform, isDev = false): MenuContext => ({
  platform,
  isDev,
  appName: 'Pipeline',
  version: '1.2.3'
})

function actions() {
  return { showAbout: vi.fn(), openUserGuide: vi.fn(), command: vi.fn() }
}

/** Each item as its role, its label, or '-' for a separator: the menu as a user reads it. */
function outline(items: MenuItemTemplate[]): unknown[] {
  return items.map((item) =>
    item.submenu
      ? { [item.label ?? item.role ?? '?']: outline(item.submenu) }
      : item.type === 'separator'
        ? '-'
        : (item.role ?? item.label)
  )
}

function find(items: MenuItemTemplate[], label: string): MenuItemTemplate {
  const walk = (list: MenuItemTemplate[]): MenuItemTemplate | undefined => {
    for (const item of list) {
      if (item.label === label && !item.submenu) return item
      const inner = walk(item.submenu ?? [])
      if (inner) return inner
    }
    return undefined
  }
  const item = walk(items)
  if (!item) throw new Error(`no item ${label}`)
  return item
}

const roles = (items: MenuItemTemplate[]): string[] =>
  items.flatMap((item) => [...(item.role ? [item.role] : []), ...roles(item.submenu ?? [])])

describe('buildMenuTemplate', () => {
  it('on macOS: the app menu with about, services, hide and quit; About only there', () => {
    expect(outline(buildMenuTemplate(context('darwin'), actions()))).toEqual([
      { Pipeline: ['about', '-', 'services', '-', 'hide', 'hideOthers', 'unhide', '-', 'quit'] },
      { File: ['close'] },
      { Edit: ['Undo', 'Redo', '-', 'cut', 'copy', 'paste', '-', 'selectAll'] },
      { View: ['resetZoom', 'zoomIn', 'zoomOut', '-', 'togglefullscreen'] },
      { Window: ['minimize', 'zoom', '-', 'front'] },
      { Help: ['User Guide'] }
    ])
    const template = buildMenuTemplate(context('darwin'), actions())
    expect(template[0]?.submenu?.[0]).toEqual({ label: 'About Pipeline', role: 'about' })
    // The Window and Help roles give macOS's window list and Help search.
    expect(template.find((m) => m.label === 'Window')?.role).toBe('window')
    expect(template.find((m) => m.label === 'Help')?.role).toBe('help')
  })

  it.each(['win32', 'linux'] as const)(
    'on %s: no app menu; File closes and quits; About in Help',
    (platform) => {
      expect(outline(buildMenuTemplate(context(platform), actions()))).toEqual([
        { File: ['close', '-', 'quit'] },
        { Edit: ['Undo', 'Redo', '-', 'cut', 'copy', 'paste', '-', 'selectAll'] },
        { View: ['resetZoom', 'zoomIn', 'zoomOut', '-', 'togglefullscreen'] },
        { Window: ['minimize', 'close'] },
        { Help: ['User Guide', '-', 'About Pipeline'] }
      ])
    }
  )

  it('offers reload and DevTools only in dev, on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const dev = buildMenuTemplate(context(platform, true), actions())
      const view = dev.find((m) => m.label === 'View')
      expect(outline(view?.submenu ?? [])).toEqual([
        'reload',
        'toggleDevTools',
        '-',
        'resetZoom',
        'zoomIn',
        'zoomOut',
        '-',
        'togglefullscreen'
      ])
      const packaged = roles(buildMenuTemplate(context(platform, false), actions()))
      expect(packaged).not.toContain('reload')
      expect(packaged).not.toContain('toggleDevTools')
      expect(packaged).not.toContain('forceReload')
    }
  })

  it('runs our About box on Windows and Linux, and opens the user guide everywhere', () => {
    for (const platform of ['win32', 'linux'] as const) {
      const a = actions()
      const template = buildMenuTemplate(context(platform), a)
      const about = find(template, 'About Pipeline')
      expect(about.role).toBeUndefined()
      about.click?.()
      expect(a.showAbout).toHaveBeenCalledOnce()
    }
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const a = actions()
      find(buildMenuTemplate(context(platform), a), 'User Guide').click?.()
      expect(a.openUserGuide).toHaveBeenCalledOnce()
      expect(a.showAbout).not.toHaveBeenCalled()
    }
  })

  it('names the app as given', () => {
    const template = buildMenuTemplate({ ...context('darwin'), appName: 'Pipeline Beta' }, actions())
    expect(template[0]?.label).toBe('Pipeline Beta')
    expect(template[0]?.submenu?.[0]?.label).toBe('About Pipeline Beta')
  })

  it('links to a user guide the vetted openExternal accepts', () => {
    expect(isSafeExternalUrl(USER_GUIDE_URL)).toBe(true)
  })
})

describe('buildAboutBox', () => {
  it('shows the name, the version and what the app runs on', () => {
    const box = buildAboutBox(
      { appName: 'Pipeline', version: '1.2.3' },
      { electron: '41.10.7', chrome: '140.0.1', node: '22.1.0' }
    )
    expect(box.panel).toEqual({
      applicationName: 'Pipeline',
      applicationVersion: '1.2.3',
      credits: APP_DESCRIPTION
    })
    expect(box.message).toEqual({
      type: 'info',
      title: 'About Pipeline',
      message: 'Pipeline 1.2.3',
      detail: `${APP_DESCRIPTION}\n\nElectron 41.10.7, Chromium 140.0.1, Node 22.1.0`,
      buttons: ['OK'],
      noLink: true
    })
  })

  it('leaves out the runtime line when it is not known', () => {
    expect(buildAboutBox({ appName: 'Pipeline', version: '1.2.3' }).message.detail).toBe(APP_DESCRIPTION)
  })
})

describe('Edit → Undo and Redo', () => {
  it('go to the page with their usual keys, which undoes a field’s text or the board’s last move', () => {
    const a = actions()
    const menu = buildMenuTemplate(context('linux'), a)
    const undo = find(menu, 'Undo')
    const redo = find(menu, 'Redo')
    expect([undo.accelerator, redo.accelerator]).toEqual(['CmdOrCtrl+Z', 'Shift+CmdOrCtrl+Z'])
    undo.click!()
    redo.click!()
    expect(a.command.mock.calls).toEqual([['undo'], ['redo']])
  })
})
