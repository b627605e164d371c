import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningSandbox } from '../../sandbox'
import {
  boardServiceOn,
  DEMO_USERS,
  interceptingFetch,
  jsonResponse,
  resetSandbox,
  sandboxView,
  signedIn,
  startQuietSandbox,
  type SandboxView,
  type Session
} from '../board/harness'
import { FORBIDDEN_DELETE } from './forbidden'

const BOARD = 'Memberships & desks'
let sandbox: RunningSandbox
let session: Session
let view: SandboxView

beforeAll(async () => {
  sandbox = await startQuietSandbox()
})
afterAll(() => sandbox.close())
beforeEach(async () => {
  resetSandbox(sandbox)
  session = await signedIn(sandbox)
  view = sandboxView(sandbox)
})
afterEach(() => session.close())

const remove = (id: number) => session.handlers['opportunity.delete']({ id })
const someCard = () => view.openIds(view.stageId(BOARD, 'Tour booked'))[0]!
const exists = (id: number) => sandbox.control.state.data.opportunities.has(id)

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
    expect(view.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `DELETE /api/crm/crmopportunities/${id} 200`
    ])
  })

  it('is done when the opportunity is already gone (404)', async () => {
    const id = someCard()
    await remove(id)
    expect(await remove(id)).toEqual({ id })
    expect(view.requests().map((r) => r.status)).toEqual([200, 404])
  })

  it('drops the card from the board’s position index', async () => {
    const { service, index, close } = await boardServiceOn(sandbox)
    try {
      await service.load(view.boardId(BOARD))
      const column = view.stageId(BOARD, 'Tour booked')
      const id = someCard()
      await service.delete(id)
      expect(
        index
          .open(column)
          ?.map((card) => card.Id)
          .sort()
      ).toEqual([...view.openIds(column)].sort())
    } finally {
      await close()
    }
  })

  it('is a failure with the server’s words when Nexudus answers 200 but WasSuccessful is false', async () => {
    const id = someCard()
    sandbox.control.setSwitches({
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
    await session.close()
    session = await signedIn(
      sandbox,
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
    await session.close()
    session = await signedIn(sandbox, DEMO_USERS.readOnly)
    const id = someCard()
    const error = await rejection(remove(id))
    expect(error).toMatchObject({ kind: 'Forbidden', message: FORBIDDEN_DELETE })
    expect(exists(id)).toBe(true)
  })
})
