/**
 * The electron-builder configuration (package.json "build"). electron-builder cannot run on the
 * build machines (it downloads Electron and its packaging tools), so this is what stops the
 * configuration drifting: it parses, names the installers issue 7 asks for, packs only what the
 * app runs from, and the README documents the very electron-builder version `npm run dist` runs.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const root = new URL('..', import.meta.url)
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8')

interface PackageJson {
  name: string
  productName: string
  desktopName?: string
  homepage?: string
  main: string
  scripts: Record<string, string>
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
  build: {
    appId: string
    productName: string
    directories: { output: string }
    files: string[]
    asar: boolean
    npmRebuild: boolean
    publish: null
    linux: { target: string[]; category: string; maintainer: string; syncDesktopName: boolean }
    win: { target: string[] }
    mac: { target: string[]; category: string }
  }
}

const pkg = JSON.parse(read('package.json')) as PackageJson
const { build } = pkg

describe('electron-builder configuration', () => {
  it('names the app and where the installers go', () => {
    expect(build.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/)
    expect(build.productName).toBe('Pipeline')
    expect(build.productName).toBe(pkg.productName)
    expect(build.directories.output).toBe('dist')
    expect(read('.gitignore').split('\n')).toContain('dist')
  })

  it('builds AppImage and deb for Linux (category Office), NSIS for Windows, dmg for macOS', () => {
    expect(build.linux.target).toEqual(['AppImage', 'deb'])
    expect(build.linux.category).toBe('Office')
    expect(build.win.target).toEqual(['nsis'])
    expect(build.mac.target).toEqual(['dmg'])
  })

  it('has what a deb refuses to build without: a maintainer and a homepage', () => {
    expect(build.linux.maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/)
    expect(pkg.homepage).toMatch(/^https:\/\//)
    // Linux docks match the running window to its .desktop entry by this name.
    expect(pkg.desktopName).toBe(`${pkg.name}.desktop`)
    expect(build.linux.syncDesktopName).toBe(true)
  })

  it('packs the built app from out/ into an asar: main, preload and renderer, not browser mode', () => {
    expect(build.asar).toBe(true)
    expect(build.files).toEqual(['out/main/**/*', 'out/preload/**/*', 'out/renderer/**/*'])
    expect(pkg.main.replace(/^\.\//, '')).toBe('out/main/index.js')
    // No native modules: nothing to rebuild, and @electron/rebuild would need Node 22.
    expect(build.npmRebuild).toBe(false)
    // Nothing is published from a build; a release is uploaded by hand.
    expect(build.publish).toBeNull()
  })

  it('runs a pinned electron-builder through npx, the version the README documents', () => {
    const dist = pkg.scripts.dist ?? ''
    expect(dist).toMatch(/^electron-vite build && npx --yes electron-builder@\d+\.\d+\.\d+$/)
    const version = /electron-builder@(\d+\.\d+\.\d+)/.exec(dist)?.[1]
    expect(read('README.md')).toContain(`electron-builder@${version}`)
    // Not a dependency: see the README's "Packaging" for why.
    expect(pkg.dependencies['electron-builder']).toBeUndefined()
    expect(pkg.devDependencies['electron-builder']).toBeUndefined()
    // electron-builder refuses an app that ships electron as a runtime dependency.
    expect(pkg.devDependencies.electron).toBeDefined()
    expect(pkg.dependencies.electron).toBeUndefined()
  })
})
