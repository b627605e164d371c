/**
 * The board the user last opened on this computer (localStorage). Free of Vue and Pinia on
 * purpose: the saved copy of this board is asked for before the app's bundle has evaluated them
 * (services/early-cache.ts, start-early.ts).
 */
export const LAST_BOARD_KEY = 'pipeline.lastBoardId'

/** The board the user last picked on this computer, if any. */
export function remembered(): number | null {
  try {
    const value = Number(localStorage.getItem(LAST_BOARD_KEY))
    return Number.isSafeInteger(value) && value > 0 ? value : null
  } catch {
    return null
  }
}

export function remember(id: number): void {
  try {
    localStorage.setItem(LAST_BOARD_KEY, String(id))
  } catch {
    // Storage may be unavailable; the choice then lasts for this session only.
  }
}
