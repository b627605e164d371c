import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../sandbox'
import { resetSandbox, sandboxView, signedIn, startQuietSandbox, type Session } from './harness'
import { currencyOf } from './load'
import { unpackCards } from '../../shared/card'

const BOARD = 'Memberships & desks'
let sandbox: RunningSandbox
let session: Session

beforeAll(async () => {
  sandbox = await startQuietSandbox()
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  resetSandbox(sandbox)
  session = await signedIn(sandbox)
})
afterEach(() => session.close())

describe('board.load', () => {
  it('returns the board, its stages in order, every opportunity and the currency, in three requests', async () => {
    const view = sandboxView(sandbox)
    const boardId = view.boardId(BOARD)
    const snapshot = await session.handlers['board.load']({ boardId })

    expect(snapshot.board).toMatchObject({ Id: boardId, Name: BOARD })
    const stages = [...sandbox.control.state.data.columns.values()]
      .filter((c) => c.CrmBoardId === boardId)
      .sort((a, b) => a.Position - b.Position || a.Id - b.Id)
    expect(snapshot.columns.map((c) => c.Id)).toEqual(stages.map((c) => c.Id))
    expect(snapshot.columns.map((c) => c.Name)).toEqual([
      'New enquiry',
      'Tour booked',
      'Tour done',
      'Proposal sent',
      'Negotiation',
      'Won',
      'Lost'
    ])
    const held = stages.flatMap((stage) => view.cardsIn(stage.Id))
    const cards = unpackCards(snapshot.cards)
    expect(cards).toHaveLength(held.length)
    expect(new Set(cards.map((o) => o.Id))).toEqual(new Set(held.map((o) => o.Id)))
    expect(new Set(cards.map((o) => o.Status))).toEqual(new Set([1, 2, 3]))
    expect(snapshot.currency).toBe('GBP')
    expect(Number.isNaN(Date.parse(snapshot.loadedAt))).toBe(false)

    const requests = view.requests()
    expect(requests.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'GET /api/crm/crmboardcolumns',
      `GET /api/crm/crmboards/${boardId}`,
      'GET /api/crm/crmopportunities'
    ])
    const opportunities = requests.find((r) => r.path === '/api/crm/crmopportunities')
    expect(opportunities?.query).toMatchObject({
      CrmOpportunity_CrmBoardColumn_CrmBoard_Id: String(boardId),
      size: '1000'
    })
  })

  it('remembers the board as the last one opened', async () => {
    const boardId = sandboxView(sandbox).boardId('Private offices')
    await session.handlers['board.load']({ boardId })
    const settings = JSON.parse(await readFile(join(session.dir, 'settings.json'), 'utf8')) as unknown
    expect(settings).toMatchObject({ lastBoardId: boardId })
  })

  it('reads every page of a board larger than one page', async () => {
    sandbox.control.reset({ preset: 'large' })
    sandbox.control.setSwitches({ limits: null })
    const big = await signedIn(sandbox)
    try {
      const boardId = sandboxView(sandbox).boardId('Enterprise pipeline')
      const snapshot = await big.handlers['board.load']({ boardId })
      const cards = unpackCards(snapshot.cards)
      expect(cards).toHaveLength(5000)
      expect(new Set(cards.map((o) => o.Id)).size).toBe(5000)
      const pages = sandboxView(sandbox)
        .requests()
        .filter((r) => r.path === '/api/crm/crmopportunities')
      expect(pages).toHaveLength(5)
    } finally {
      await big.close()
    }
  })

  it('says NotFound for a board that does not exist', async () => {
    await expect(session.handlers['board.load']({ boardId: 999_999_999 })).rejects.toMatchObject({
      kind: 'NotFound'
    })
  })
})

describe('currencyOf', () => {
  const column = { Id: 1, CrmBoardId: 1, Name: 'A', Position: 1 }
  const card = { Id: 2, CrmBoardColumnId: 1, CoworkerId: 1, Position: 1, Status: 1 as const }

  it('takes the stages’ code, else the cards’, else null', () => {
    expect(currencyOf([{ ...column, CrmBoardBusinessCurrencyCode: 'EUR' }], [])).toBe('EUR')
    expect(currencyOf([column], [{ ...card, CrmBoardColumnCrmBoardBusinessCurrencyCode: 'GBP' }])).toBe('GBP')
    expect(currencyOf([{ ...column, CrmBoardBusinessCurrencyCode: ' ' }], [card])).toBeNull()
  })
})
