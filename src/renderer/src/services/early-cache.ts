/**
 * The saved copy of the remembered board, asked for the moment the app starts: before
 * `auth.status` has answered and before the board view exists, so the board can be drawn within
 * the 300 ms start budget (docs/performance.md). Main answers null when nobody is signed in, or
 * for another account's board, so asking early reveals nothing. The answer is used once, by the
 * first opening of that board, and dropped when the session changes (it was asked for as
 * whoever was signed in at start).
 */
import type { BoardSnapshot } from '../../../shared/bridge'
import type { Result } from '../../../shared/result'
import { call } from './api'

type Answer = Promise<Result<BoardSnapshot | null>>

let early: { boardId: number; answer: Answer } | null = null

export function askEarly(boardId: number | null): void {
  early = boardId === null ? null : { boardId, answer: call((bridge) => bridge.board.cached({ boardId })) }
}

/** The early answer for this board, once; null if none was asked for it (or it was used). */
export function takeEarly(boardId: number): Answer | null {
  if (early?.boardId !== boardId) return null
  const { answer } = early
  early = null
  return answer
}

export function dropEarly(): void {
  early = null
}
