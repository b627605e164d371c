import { describe, expect, it } from 'vitest'
import { boardServiceOn, DEMO_USERS, interceptingFetch, jsonResponse } from '../board/harness'
import { sandboxSuite } from '../board/suite'
import { FORBIDDEN_DELETE } from './forbidden'

const BOARD = 'Memberships & desks'

const t = sandboxSuite()

const remove = (id: number) => t.session.handlers['opportunity.delete']({ id })
const someCard = () => t.view.openIds(t.view.stageId(BOARD, 'Tour booked'))[0]!
const exists = (id: number) => t.sandbox.control.state.data.opportunities.has(id)

async function rejection(promise: Promise<unknown>) {
  return promise.then(
    () => expect.unreachable('the delete should have failed'),
    (error: unknown) => error as { kind: string; message: string }
  )
}

describe('opportunity.delete', () => {
  it('deletes the opportunity in one request and answers its id', async () => {
    const id = someCard()
    expect(await remove(id)).toEqual({ id })
    expect(exists(id)).toBe(false)
    expect(t.view.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `DELETE /api/crm/crmopportunities/${id} 200`
    ])
  })

  it('is done when the opportunity is already gone (404)', async () => {
    const id = someCard()
    await remove(id)
    expect(await remove(id)).toEqual({ id })
    expect(t.view.requests().map((r) => r.status)).toEqual([200, 404])
  })

  it('drops the card from the board’s position index', async () => {
    const { service, index, close } = await boardServiceOn(t.sandbox)
    try {
      await service.load(t.view.boardId(BOARD))
      const column = t.view.stageId(BOARD, 'Tour booked')
      const id = someCard()
      await service.delete(id)
      expect(
        index
          .open(column)
          ?.map((card) => card.Id)
          .sort()
      ).toEqual([...t.view.openIds(column)].sort())
    } finally {
      await close()
    }
  })

  it('is a failure with the server’s words when Nexudus answers 200 but WasSuccessful is false', async () => {
    const id = someCard()
    t.sandbox.control.setSwitches({
      rejectNext: {
        count: 1,
        method: 'DELETE',
        message: 'You must delete all proposals using this record first.'
      }
    })
    const error = await rejection(remove(id))
    expect(error).toMatchObject({
      kind: 'Server',
      message: 'You must delete all proposals using this record first.'
    })
    expect(exists(id)).toBe(true)
  })

  it('is a failure with the server’s words when Nexudus answers 500 with WasSuccessful false', async () => {
    await t.signInAs(
      undefined,
      interceptingFetch((request) =>
        request.method === 'DELETE'
          ? jsonResponse(
              {
                Status: 500,
                Message: 'An error occurred while deleting the record.',
                Value: null,
                Errors: null,
                WasSuccessful: false
              },
              500
            )
          : undefined
      )
    )
    const id = someCard()
    const error = await rejection(remove(id))
    expect(error).toMatchObject({ kind: 'Server', message: 'An error occurred while deleting the record.' })
    expect(exists(id)).toBe(true)
  })

  it('tells a read-only user they may not delete, and deletes nothing', async () => {
    await t.signInAs(DEMO_USERS.readOnly)
    const id = someCard()
    const error = await rejection(remove(id))
    expect(error).toMatchObject({ kind: 'Forbidden', message: FORBIDDEN_DELETE })
    expect(exists(id)).toBe(true)
  })
})
