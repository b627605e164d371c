/**
 * Where the window opens: the saved place clamped to the displays there are now, the default when
 * that place is on none; and the file it is kept in.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  openWindowStateStore,
  parseWindowState,
  placeWindow,
  WINDOW_STATE_FILE,
  type Rect,
  type WindowState
} from './window-state'

const size = { width: 1440, height: 900, minWidth: 960, minHeight: 600 }
// A laptop screen with a menu bar, and a bigger monitor to its right, a little higher.
const laptop: Rect = { x: 0, y: 25, width: 1680, height: 1025 }
const monitor: Rect = { x: 1680, y: -200, width: 2560, height: 1400 }
const both = [laptop, monitor]

const saved = (bounds: Rect, maximized = false): WindowState => ({ bounds, maximized })

const inside = (r: Rect, area: Rect): boolean =>
  r.x >= area.x &&
  r.y >= area.y &&
  r.x + r.width <= area.x + area.width &&
  r.y + r.height <= area.y + area.height

describe('placeWindow', () => {
  it('centres the default size on the primary display when nothing is saved', () => {
    expect(placeWindow(null, both, laptop, size)).toEqual({
      bounds: { x: 120, y: 88, width: 1440, height: 900 },
      maximized: false
    })
  })

  it('keeps saved bounds that are wholly on a display, on the second display too', () => {
    const onMonitor = { x: 2000, y: -100, width: 1600, height: 1000 }
    expect(placeWindow(saved(onMonitor), both, laptop, size)).toEqual(saved(onMonitor))
    const onLaptop = { x: 10, y: 40, width: 1000, height: 700 }
    expect(placeWindow(saved(onLaptop, true), both, laptop, size)).toEqual(saved(onLaptop, true))
  })

  it('pulls a window hanging off an edge back onto the display it mostly covers', () => {
    // Mostly on the laptop, its top under the menu bar and its left edge off-screen.
    expect(
      placeWindow(saved({ x: -300, y: 0, width: 1200, height: 800 }), both, laptop, size).bounds
    ).toEqual({
      x: 0,
      y: 25,
      width: 1200,
      height: 800
    })
    // Straddling both, mostly on the monitor: moved wholly onto it.
    expect(
      placeWindow(saved({ x: 1500, y: 0, width: 1200, height: 800 }), both, laptop, size).bounds
    ).toEqual({ x: 1680, y: 0, width: 1200, height: 800 })
  })

  it('shrinks a window bigger than its display to the work area, never below the minimum size', () => {
    const small: Rect = { x: 0, y: 0, width: 1280, height: 720 }
    expect(
      placeWindow(saved({ x: 0, y: 0, width: 2560, height: 1400 }), [small], small, size).bounds
    ).toEqual(small)
    const tiny: Rect = { x: 0, y: 0, width: 800, height: 480 }
    expect(placeWindow(saved({ x: 50, y: 50, width: 1000, height: 700 }), [tiny], tiny, size).bounds).toEqual(
      {
        x: 0,
        y: 0,
        width: 960,
        height: 600
      }
    )
  })

  it('centres the default size on the primary display when the saved place is on no display', () => {
    // The monitor it was on has been unplugged.
    const gone = saved({ x: 2000, y: -100, width: 1600, height: 1000 }, true)
    expect(placeWindow(gone, [laptop], laptop, size)).toEqual({
      bounds: { x: 120, y: 88, width: 1440, height: 900 },
      maximized: true
    })
    // Touching an edge is not being on it.
    const edge = saved({ x: -1440, y: 25, width: 1440, height: 900 })
    expect(placeWindow(edge, [laptop], laptop, size).bounds).toEqual({
      x: 120,
      y: 88,
      width: 1440,
      height: 900
    })
  })

  it('always gives whole-pixel bounds wholly inside some display, at least the minimum size', () => {
    const area = fc.record({
      x: fc.integer({ min: -5000, max: 5000 }),
      y: fc.integer({ min: -5000, max: 5000 }),
      width: fc.integer({ min: 960, max: 5000 }),
      height: fc.integer({ min: 600, max: 3000 })
    })
    const bounds = fc.record({
      x: fc.integer({ min: -20000, max: 20000 }),
      y: fc.integer({ min: -20000, max: 20000 }),
      width: fc.integer({ min: 1, max: 8000 }),
      height: fc.integer({ min: 1, max: 8000 })
    })
    fc.assert(
      fc.property(fc.array(area, { minLength: 1, maxLength: 4 }), fc.option(bounds), (areas, b) => {
        const [primary] = areas as [Rect, ...Rect[]]
        const { bounds: placed } = placeWindow(b ? saved(b) : null, areas, primary, size)
        expect(Object.values(placed).every(Number.isInteger)).toBe(true)
        expect(placed.width).toBeGreaterThanOrEqual(size.minWidth)
        expect(placed.height).toBeGreaterThanOrEqual(size.minHeight)
        expect(areas.some((a) => inside(placed, a))).toBe(true)
      })
    )
  })
})

describe('parseWindowState', () => {
  it('reads what was saved and rejects anything else', () => {
    const state = saved({ x: -1200, y: 10, width: 1000, height: 700 }, true)
    expect(parseWindowState(JSON.stringify(state))).toEqual(state)
    for (const text of [
      '',
      '{"bounds":',
      'null',
      '[]',
      JSON.stringify({ bounds: { x: 0, y: 0, width: 0, height: 700 }, maximized: false }),
      JSON.stringify({ bounds: { x: 0.5, y: 0, width: 900, height: 700 }, maximized: false }),
      JSON.stringify({ bounds: { x: 0, y: 0, width: 1e9, height: 700 }, maximized: false }),
      JSON.stringify({ bounds: { x: '0', y: 0, width: 900, height: 700 }, maximized: false }),
      JSON.stringify({ bounds: { x: 0, y: 0, width: 900, height: 700 } })
    ])
      expect(parseWindowState(text)).toBeNull()
  })
})

describe('openWindowStateStore', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pipeline-window-'))
  })
  afterEach(() => rm(dir, { recursive: true, force: true }))

  it('starts with nothing, saves atomically and reads back', async () => {
    const store = openWindowStateStore(dir)
    expect(store.get()).toBeNull()
    const state = saved({ x: 10, y: 20, width: 1000, height: 700 }, true)
    await store.save(state)
    expect(await readdir(dir)).toEqual([WINDOW_STATE_FILE])
    expect(openWindowStateStore(dir).get()).toEqual(state)
  })

  it('writes only when the place changed, and the last save wins', async () => {
    const store = openWindowStateStore(dir)
    const a = saved({ x: 10, y: 20, width: 1000, height: 700 })
    const b = saved({ x: 30, y: 40, width: 1100, height: 800 })
    void store.save(a)
    void store.save(b)
    await store.save(structuredClone(b))
    await store.settle()
    expect(JSON.parse(await readFile(join(dir, WINDOW_STATE_FILE), 'utf8'))).toEqual(b)

    // Unchanged: nothing written, so a file replaced meanwhile stays as it is.
    await writeFile(join(dir, WINDOW_STATE_FILE), 'replaced')
    await store.save(b)
    expect(await readFile(join(dir, WINDOW_STATE_FILE), 'utf8')).toBe('replaced')
  })

  it('survives a damaged file and a failed save', async () => {
    await writeFile(join(dir, WINDOW_STATE_FILE), '{"bounds": {')
    const lines: string[] = []
    const store = openWindowStateStore(dir, (line) => lines.push(line))
    expect(store.get()).toBeNull()
    expect(lines).toEqual([expect.stringContaining('ignored an unreadable')])

    const broken = openWindowStateStore(join(dir, WINDOW_STATE_FILE, 'not-a-dir'), (line) => lines.push(line))
    await expect(broken.save(saved({ x: 0, y: 0, width: 900, height: 700 }))).resolves.toBeUndefined()
    expect(lines.at(-1)).toContain('could not save')
  })

  it('hands out copies, so a caller cannot change what is saved', async () => {
    const store = openWindowStateStore(dir)
    const state = saved({ x: 10, y: 20, width: 1000, height: 700 })
    await store.save(state)
    state.bounds.x = 999
    const got = store.get()
    if (got) got.bounds.y = 999
    expect(store.get()?.bounds).toEqual({ x: 10, y: 20, width: 1000, height: 700 })
  })
})
