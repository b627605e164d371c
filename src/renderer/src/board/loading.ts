/**
 * Opening a board: its saved copy (`board.cached`, drawn if it comes before the server's) and the
 * server's (`board.load`). A missing or failed saved copy is simply not drawn. At app start (the
 * saved copy was asked for early, services/early-cache.ts) the saved copy is drawn first and the
 * server asked right after: on two cores, reading 5,000 cards from the server at the same time
 * slowed the first drawing by more than it brought the fresh board forward. Otherwise (sign-in,
 * picking a board) both are asked at once.
 */
import type { Ref, ShallowRef } from 'vue'
import type { BoardProgress, BoardSnapshot } from '../../../shared/bridge'
import type { BridgeError } from '../../../shared/result'
import { call, subscribe } from '../services/api'
import { takeEarly } from '../services/early-cache'

export type BoardStatus = 'idle' | 'loading' | 'ready' | 'error'
/** Where the board drawn comes from: the copy saved on this computer, or the server. */
export type BoardSource = 'cache' | 'server'

/** Resolves once the browser has drawn what is on screen now (a frame, then a task). */
export function afterPaint(): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve()
  return new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))
}

export interface LoadState {
  status: Ref<BoardStatus>
  error: Ref<BridgeError | null>
  source: Ref<BoardSource | null>
  /** How far `board.load` has got (main's `board.progress`), while it runs. */
  progress: ShallowRef<BoardProgress | null>
  /** `board.load` failed while the saved copy is drawn: it stays, and moves stay off. */
  refreshError: Ref<BridgeError | null>
}

export interface LoadHost {
  /** Which opening this is: answers for an older one are dropped. */
  generation(): number
  apply(snapshot: BoardSnapshot, from: BoardSource): void
  /** The server's snapshot: drawn now, or after the drag under way. */
  landServer(snapshot: BoardSnapshot): void
}

export function createLoader(state: LoadState, host: LoadHost) {
  const { status, error, source, progress, refreshError } = state

  /** `board.load` for the current board; its answer is dropped if another board was opened since. */
  async function fetchServer(mine: number, id: number): Promise<void> {
    const stop = subscribe('board.progress', (p) => {
      if (mine === host.generation() && p.boardId === id) progress.value = p
    })
    const result = await call((bridge) => bridge.board.load({ boardId: id }))
    stop()
    if (mine !== host.generation()) return
    progress.value = null
    if (result.ok) return host.landServer(result.data)
    if (source.value === 'cache') {
      refreshError.value = result.error
      return
    }
    error.value = result.error
    status.value = 'error'
  }

  /** Both copies of board `id` for opening `mine` (the board was cleared and marked loading). */
  async function open(mine: number, id: number): Promise<void> {
    const early = takeEarly(id)
    const cached = (early ?? call((bridge) => bridge.board.cached({ boardId: id }))).then((result) => {
      if (mine !== host.generation() || source.value !== null || !result.ok || !result.data) return false
      if (result.data.board.Id !== id) return false
      // The server's load already failed: show the saved copy, and why it is not refreshed.
      const failed = status.value === 'error' ? error.value : null
      host.apply(result.data, 'cache')
      if (failed) {
        error.value = null
        refreshError.value = failed
      }
      return true
    })
    if (!early) {
      await Promise.all([fetchServer(mine, id), cached])
      return
    }
    if (await cached) await afterPaint()
    if (mine === host.generation()) await fetchServer(mine, id)
  }

  return { fetchServer, open }
}
