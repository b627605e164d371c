/**
 * The stages of the boards loaded in this session, so a move knows a stage's Win/Lose flags without
 * a GET. Filled by board.load and by a move's own GET; emptied on every sign-in change, because
 * another account or server may use the same column ids for other stages.
 */
import type { CrmBoardColumn } from '../../shared/nexudus'

export class StageCache {
  private readonly byBoard = new Map<number, Map<number, CrmBoardColumn>>()

  /** Replaces a board's stages, so a stage deleted since the last load is forgotten. */
  remember(boardId: number, columns: readonly CrmBoardColumn[]): void {
    this.byBoard.set(boardId, new Map(columns.map((column) => [column.Id, column])))
  }

  add(column: CrmBoardColumn): void {
    const board = this.byBoard.get(column.CrmBoardId) ?? new Map<number, CrmBoardColumn>()
    board.set(column.Id, column)
    this.byBoard.set(column.CrmBoardId, board)
  }

  get(columnId: number): CrmBoardColumn | undefined {
    for (const board of this.byBoard.values()) {
      const column = board.get(columnId)
      if (column) return column
    }
    return undefined
  }

  /** The ids of a loaded board's stages, or null when the board was not loaded in this session. */
  columnIds(boardId: number): ReadonlySet<number> | null {
    const board = this.byBoard.get(boardId)
    return board ? new Set(board.keys()) : null
  }

  clear(): void {
    this.byBoard.clear()
  }
}
