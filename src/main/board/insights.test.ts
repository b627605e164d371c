import { describe, expect, it } from 'vitest'
import { sandboxSuite } from './suite'
import { dropAt, landed } from './harness'

const BOARD = 'Memberships & desks'
const t = sandboxSuite()

describe('board.notes and board.stageTimes', () => {
  it('answer every card of the board with notes, and when each entered its stage, in a request or two each', async () => {
    const boardId = t.view.boardId(BOARD)
    await t.session.handlers['board.load']({ boardId })
    const stages = new Set(
      [...t.sandbox.control.state.data.columns.values()]
        .filter((c) => c.CrmBoardId === boardId)
        .map((c) => c.Id)
    )
    const onBoard = [...t.sandbox.control.state.data.opportunities.values()].filter((o) =>
      stages.has(o.CrmBoardColumnId)
    )
    t.sandbox.control.clearRequests()

    const notes = new Map(await t.session.handlers['board.notes']({ boardId }))
    const withNotes = onBoard.filter((o) => o.Notes?.trim())
    expect(withNotes.length).toBeGreaterThan(3)
    expect([...notes.keys()].sort()).toEqual(withNotes.map((o) => o.Id).sort())
    for (const o of withNotes) expect(notes.get(o.Id)).toBe(o.Notes)

    // A move made now shows as the card's latest entry, into the stage it went to.
    const id = t.view.openIds(t.view.stageId(BOARD, 'New enquiry'))[0]!
    const to = t.view.stageId(BOARD, 'Tour done')
    landed(await t.session.handlers['opportunity.move'](dropAt(t.view, id, to, 0).intent))
    const entries = await t.session.handlers['board.stageTimes']({ boardId })
    const mine = entries.find((e) => e.id === id)!
    expect(mine.columnId).toBe(to)
    expect(Date.now() - Date.parse(mine.since)).toBeLessThan(60_000)
    for (const entry of entries) expect(stages.has(entry.columnId)).toBe(true)
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length)
    const reads = t.view.requests().filter((r) => r.method === 'GET' && r.path.endsWith('histories'))
    expect(reads.length).toBeGreaterThanOrEqual(1)
    expect(reads[0]!.query).toMatchObject({
      CrmOpportunityHistory_CrmOpportunity_CrmBoardColumn_CrmBoard_Id: String(boardId)
    })

    // Asked again (a reload, the board opened again): from memory, with the move made since.
    const back = t.view.stageId(BOARD, 'Proposal sent')
    const moved = landed(await t.session.handlers['opportunity.move'](dropAt(t.view, id, back, 0).intent))
    t.sandbox.control.clearRequests()
    const again = await t.session.handlers['board.stageTimes']({ boardId })
    expect(again.find((e) => e.id === id)).toEqual({ id, columnId: back, since: moved.opportunity.UpdatedOn })
    expect(again).toHaveLength(entries.length)
    expect(t.view.requests().filter((r) => r.path.endsWith('histories'))).toEqual([])
  })
})
