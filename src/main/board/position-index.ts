/**
 * The open cards of each stage, {Id, Position}, as last seen from the server, so that a move can
 * plan its Position without reading the destination first (docs/moving-a-card.md, "The position
 * index"). board.load fills it, every stage a move re-reads replaces that stage, and every record a
 * move reads by id moves its own card. Colleagues edit the board too, so it may be stale: a move
 * checks where the card landed in its re-read and corrects once, so staleness costs requests, never
 * a wrong order. Emptied on every sign-in change, like the stage cache.
 *
 * Every read takes a ticket before it is sent. An answer only replaces what a later-sent read
 * answered, so a board.load that was sent before a move's re-read cannot overwrite it with older
 * positions when it happens to arrive last.
 */

/** The fields of a record the index needs; a list projection has them all (API doc §3.3). */
export interface Seen {
  Id: number
  CrmBoardColumnId: number
  Position: number
  Status: number
}

interface Stage {
  /** The ticket of the read behind `cards`, or of the moment the stage was forgotten. */
  ticket: number
  /** Open card id → Position; null once forgotten. */
  cards: Map<number, number> | null
}

const OPEN = 1

/**
 * Whether this server rewrites the Positions of the stage a card left. Learned once per sign-in
 * (move.ts): only a server seen renumbering its destination is asked, by one extra re-read.
 */
export type SourcePositions = 'unknown' | 'kept' | 'renumbered'

export class PositionIndex {
  /** The server was seen to store another Position than the one a move sent (API doc §6.4, O6). */
  rewrites = false
  sources: SourcePositions = 'unknown'
  private issued = 0
  /** Reads sent before the last clear() belong to another sign-in and are ignored. */
  private floor = 0
  private readonly stages = new Map<number, Stage>()

  /** Take one right before sending a read whose answer will be passed to replace() or note(). */
  ticket(): number {
    return ++this.issued
  }

  has(columnId: number): boolean {
    return Boolean(this.stages.get(columnId)?.cards)
  }

  /** The stage's open cards in no particular order, or undefined when the stage is not known. */
  open(columnId: number): { Id: number; Position: number }[] | undefined {
    const cards = this.stages.get(columnId)?.cards
    return cards ? [...cards].map(([Id, Position]) => ({ Id, Position })) : undefined
  }

  /** A whole stage as just read (any statuses; records of other stages are ignored). */
  replace(columnId: number, records: readonly Seen[], ticket: number): void {
    if (!this.current(columnId, ticket)) return
    const open = records.filter((r) => r.CrmBoardColumnId === columnId && r.Status === OPEN)
    this.stages.set(columnId, { ticket, cards: new Map(open.map((r) => [r.Id, r.Position])) })
  }

  /** Every stage of a board, from board.load; a stage without cards is known to be empty. */
  rememberBoard(columnIds: readonly number[], records: readonly Seen[], ticket: number): void {
    const byStage = new Map<number, Seen[]>(columnIds.map((id) => [id, []]))
    for (const record of records) byStage.get(record.CrmBoardColumnId)?.push(record)
    for (const [columnId, stage] of byStage) this.replace(columnId, stage, ticket)
  }

  /**
   * Where one card is now, from its record read by id (or as just written): open in its stage, and
   * in no other. Stages read after that record was are not touched; they know better.
   */
  note(record: Seen, ticket: number): void {
    if (ticket <= this.floor) return
    for (const [columnId, stage] of this.stages) {
      if (!stage.cards || stage.ticket > ticket) continue
      if (columnId === record.CrmBoardColumnId && record.Status === OPEN)
        stage.cards.set(record.Id, record.Position)
      else stage.cards.delete(record.Id)
    }
  }

  /** A card that no longer exists (deleted): gone from every stage read before `ticket`. */
  drop(cardId: number, ticket: number): void {
    if (ticket <= this.floor) return
    for (const stage of this.stages.values())
      if (stage.cards && stage.ticket <= ticket) stage.cards.delete(cardId)
  }

  /**
   * For a stage whose state is uncertain, e.g. after a write whose answer was lost: the next move
   * into it reads it first. Reads already on their way cannot bring it back.
   */
  forget(columnId: number): void {
    this.stages.set(columnId, { ticket: this.issued, cards: null })
  }

  clear(): void {
    this.stages.clear()
    this.floor = this.issued
    this.rewrites = false
    this.sources = 'unknown'
  }

  private current(columnId: number, ticket: number): boolean {
    return ticket > this.floor && ticket > (this.stages.get(columnId)?.ticket ?? 0)
  }
}
