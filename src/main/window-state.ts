/**
 * Where the window was: its normal (not maximized) bounds and whether it was maximized, kept in
 * userData/window-state.json. No 'electron' import: where to put the window is a pure function of
 * the saved state and the displays' work areas, and window.ts only wires it to BrowserWindow.
 *
 * A file of its own rather than a key of settings.json: the services own the one settings store
 * and its saves write the whole file, so a second writer would undo their changes (and they
 * ours). It is also saved on every move, which the file with the install's client id need not be.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { writeFileAtomic } from './fs-atomic'

export const WINDOW_STATE_FILE = 'window-state.json'

export interface Rect {
  x: number
  y: number
  width: number
  height: number
}

export interface WindowState {
  /** The window's size and place when neither maximized, minimized nor full screen. */
  bounds: Rect
  maximized: boolean
}

export interface WindowSize {
  width: number
  height: number
  minWidth: number
  minHeight: number
}

// Generous limits: big enough for any wall of monitors, small enough to reject nonsense.
const coordinate = z.number().int().min(-100_000).max(100_000)
const length = z.number().int().min(1).max(100_000)

const WindowStateSchema = z.object({
  bounds: z.object({ x: coordinate, y: coordinate, width: length, height: length }),
  maximized: z.boolean()
})

/** A damaged or hand-edited file means "no saved state", never a failed start. */
export function parseWindowState(text: string): WindowState | null {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return null
  }
  const parsed = WindowStateSchema.safeParse(raw)
  return parsed.success ? parsed.data : null
}

function overlap(a: Rect, b: Rect): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)
  return width > 0 && height > 0 ? width * height : 0
}

/** The start of a span of `size` moved into the area; a span larger than the area starts at its start. */
function clampStart(start: number, size: number, areaStart: number, areaSize: number): number {
  return Math.max(areaStart, Math.min(start, areaStart + areaSize - size))
}

/**
 * Shrunk to the area (never below the window's minimum, which Electron would enforce anyway) and
 * moved wholly inside it, so the title bar can always be reached.
 */
function fitInto(want: Rect, area: Rect, size: WindowSize): Rect {
  const width = Math.max(size.minWidth, Math.min(want.width, area.width))
  const height = Math.max(size.minHeight, Math.min(want.height, area.height))
  return {
    x: Math.round(clampStart(want.x, width, area.x, area.width)),
    y: Math.round(clampStart(want.y, height, area.y, area.height)),
    width: Math.round(width),
    height: Math.round(height)
  }
}

function centredOn(area: Rect, size: WindowSize): Rect {
  const want = {
    x: area.x + (area.width - size.width) / 2,
    y: area.y + (area.height - size.height) / 2,
    width: size.width,
    height: size.height
  }
  return fitInto(want, area, size)
}

/**
 * Where to open the window. The saved bounds go onto the display they overlap most (a monitor
 * unplugged or a resolution lowered since then must not leave the window out of reach); bounds
 * on no display at all, or nothing saved, give the default size centred on the primary display.
 */
export function placeWindow(
  saved: WindowState | null,
  workAreas: readonly Rect[],
  primary: Rect,
  size: WindowSize
): WindowState {
  if (!saved) return { bounds: centredOn(primary, size), maximized: false }
  let best: Rect | null = null
  let bestOverlap = 0
  for (const area of workAreas) {
    const o = overlap(saved.bounds, area)
    if (o > bestOverlap) [best, bestOverlap] = [area, o]
  }
  return {
    bounds: best ? fitInto(saved.bounds, best, size) : centredOn(primary, size),
    maximized: saved.maximized
  }
}

export interface WindowStateStore {
  /** The state last saved (or read at start); null when there is none. */
  get(): WindowState | null
  /** Saves unless nothing changed; a failed save is logged, not thrown. */
  save(state: WindowState): Promise<void>
  /** Resolves once every save asked for so far is on disk (or has failed). */
  settle(): Promise<void>
}

/**
 * Read synchronously: the window cannot be created before its bounds are known, and the file is a
 * few dozen bytes, so an async hop would only delay the first frame.
 */
export function openWindowStateStore(userDataDir: string, log: (line: string) => void = () => {}) {
  const file = join(userDataDir, WINDOW_STATE_FILE)
  let current: WindowState | null = null
  try {
    current = parseWindowState(readFileSync(file, 'utf8'))
    if (!current) log(`window: ignored an unreadable ${WINDOW_STATE_FILE}`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`window: could not read ${file}`)
  }
  let written = current ? JSON.stringify(current) : ''
  // One save after another, so an older position can never land after a newer one.
  let saving: Promise<void> = Promise.resolve()

  const store: WindowStateStore = {
    get: () => (current ? structuredClone(current) : null),
    save(state) {
      current = structuredClone(state)
      const text = JSON.stringify(current)
      if (text === written) return saving
      written = text
      saving = saving
        .then(() => writeFileAtomic(file, text + '\n'))
        .catch((error: unknown) => {
          log(`window: could not save its place (${(error as Error).message})`)
        })
      return saving
    },
    settle: () => saving
  }
  return store
}
