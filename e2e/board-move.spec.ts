import { expect, test } from './fixtures'
import { BoardPage } from './pages/board'
import { MOVE_FIELDS, SandboxApi, without } from './support/nexudus'

const BOARD = 'Memberships & desks'
let board: BoardPage
let api: SandboxApi

test.beforeEach(async ({ app, sandboxUrl }) => {
  api = new SandboxApi(sandboxUrl)
  board = await BoardPage.signedInOn(app.page, BOARD)
})

/**
 * The screen and the server agree on a stage's open cards, in order. A windowed stage draws only
 * some of them, so what is drawn must be a contiguous run of the server's order.
 */
async function expectStageSaved(stage: string): Promise<void> {
  const columnId = await api.columnId(BOARD, stage)
  await expect
    .poll(async () => {
      const [server, drawn] = [await api.openOrder(columnId), await board.ids(stage)]
      const start = drawn.length ? server.indexOf(drawn[0]!) : 0
      return JSON.stringify(server.slice(start, start + drawn.length)) === JSON.stringify(drawn)
    })
    .toBe(true)
}

async function expectSettled(id: number): Promise<void> {
  await expect(board.card(id)).not.toHaveAttribute('data-saving', 'true')
}

test('a drag to another stage lands at the chosen place, and nothing else in the record changes', async () => {
  const [from, to] = ['New enquiry', 'Proposal sent']
  const id = (await board.ids(from))[1]!
  const before = await api.record(id)

  await board.drag(id, to, 1)
  await expectSettled(id)
  expect((await board.ids(to))[1]).toBe(id)
  expect(await board.ids(from)).not.toContain(id)

  await expectStageSaved(to)
  await expectStageSaved(from)
  const after = await api.record(id)
  expect(after.CrmBoardColumnId).toBe(await api.columnId(BOARD, to))
  expect(without(after, MOVE_FIELDS)).toEqual(without(before, MOVE_FIELDS))
})

test('reorders within a stage, at the top and at the bottom', async () => {
  // Reaching the bottom of a windowed stage means holding the card at its edge while it scrolls.
  test.slow()
  const stage = 'New enquiry'
  const columnId = await api.columnId(BOARD, stage)
  const ids = await api.openOrder(columnId)
  await board.drag(ids[3]!, stage, 0)
  await expectSettled(ids[3]!)
  expect((await board.ids(stage))[0]).toBe(ids[3])
  await expect.poll(async () => (await api.openOrder(columnId))[0]).toBe(ids[3])
  await expectStageSaved(stage)

  // The bottom of the stage may not be drawn yet: the drag scrolls the stage to reach it.
  const now = await api.openOrder(columnId)
  await board.dragBelow(now[0]!, stage, now.at(-1)!)
  await expect.poll(async () => (await api.openOrder(columnId)).at(-1), { timeout: 15_000 }).toBe(now[0])
  await expectSettled(now[0]!)
  await expectStageSaved(stage)
})

test('a drag into the Win stage marks it won in Nexudus and shows it in the drawer', async ({ app }) => {
  const id = (await board.ids('Negotiation'))[0]!
  const name = (await api.record(id)).CoworkerFullName as string
  await board.drag(id, 'Won', 0)
  // The Won stage sends the customer a message template: the user is told and confirms.
  const confirm = app.page.getByRole('alertdialog', { name: 'Confirm stage automation' })
  await expect(confirm).toBeVisible()
  await confirm.getByRole('button', { name: 'Move anyway' }).click()

  await expect.poll(async () => (await api.record(id)).Status).toBe(2)
  const record = await api.record(id)
  expect(record.Completed).toBe(true)
  expect(record.WonOn).toBeTruthy()
  expect(record.CrmBoardColumnId).toBe(await api.columnId(BOARD, 'Won'))

  await app.page.getByRole('button', { name: 'Won / Lost' }).click()
  const drawer = app.page
    .getByRole('dialog', { name: 'Closed opportunities' })
    .or(app.page.getByRole('complementary', { name: 'Closed opportunities' }))
  await expect(drawer.getByRole('region', { name: 'Won' })).toContainText(name)
})

test('a drag to Lost asks why, and saves the reason with the loss', async ({ app }) => {
  const id = (await board.ids('Tour done'))[0]!
  await board.drag(id, 'Lost', 0)
  const dialog = app.page.getByRole('dialog', { name: 'Why was it lost?' })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Loss reason').selectOption({ label: 'Price' })
  await dialog.getByRole('button', { name: 'Mark as lost' }).click()

  await expect.poll(async () => (await api.record(id)).Status).toBe(3)
  const record = await api.record(id)
  expect(record.LossReason).toBe(4)
  expect(record.LostOn).toBeTruthy()
  expect(record.Completed).toBe(true)
})

test('cancelling the loss reason puts the card back and sends nothing at all', async ({ app }) => {
  const stage = 'Tour done'
  const before = await board.ids(stage)
  await api.clearRequests()
  await board.drag(before[1]!, 'Lost', 0)
  const dialog = app.page.getByRole('dialog', { name: 'Why was it lost?' })
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  expect(await board.ids(stage)).toEqual(before)
  expect(await api.requests()).toEqual([])
})

test.describe('when the save fails', () => {
  const from = 'New enquiry'
  const to = 'Tour done'

  for (const [fault, switches] of [
    ['a server error', { failNext: { count: 100, method: 'PUT' } }],
    ['a network failure', { dropNext: { count: 100, method: 'PUT' } }]
  ] as const) {
    test(`${fault}: the card stays where it was put, marked not saved, and lands once Nexudus recovers`, async ({
      app
    }) => {
      // The client retries once (about a second) before the outbox keeps it.
      test.slow()
      const fromBefore = await board.ids(from)
      const id = fromBefore[2]!
      const record = await api.record(id)
      await api.switches(switches)

      await board.drag(id, to, 1)
      await expect(board.card(id)).toHaveAttribute('data-sync', 'waiting', { timeout: 40_000 })
      await expect(board.card(id)).toContainText('Waiting to save')
      await expect(app.page.getByRole('button', { name: '1 change waiting to save' })).toBeVisible()
      expect((await board.ids(to))[1]).toBe(id)
      // Nothing looks saved that is not: the server still has the card where it was.
      expect(await api.record(id)).toEqual(record)

      await api.switches({ failNext: null, dropNext: null })
      await expect(board.card(id)).not.toHaveAttribute('data-sync', /./, { timeout: 40_000 })
      await expect.poll(async () => (await api.record(id)).CrmBoardColumnName).toBe(to)
      const columnId = await api.columnId(BOARD, to)
      expect(await board.ids(to)).toEqual(await api.openOrder(columnId))
      await expect(app.page.getByRole('button', { name: /waiting to save/ })).toHaveCount(0)
    })
  }

  test('a refusal (HTTP 200, WasSuccessful false): the card returns to its exact place with the message', async () => {
    const fromBefore = await board.ids(from)
    const toBefore = await board.ids(to)
    const id = fromBefore[2]!
    const record = await api.record(id)
    await api.switches({ rejectNext: { count: 1, method: 'PUT', message: 'The stage is locked.' } })

    await board.drag(id, to, 1)
    await expect(board.alert()).toContainText('The stage is locked')
    await expect(board.alert()).toContainText(/back where it was/i)
    expect(await board.ids(from)).toEqual(fromBefore)
    expect(await board.ids(to)).toEqual(toBefore)
    expect(await api.record(id)).toEqual(record)
  })

  test('a 429 is retried after Retry-After and lands', async () => {
    const id = (await board.ids(from))[0]!
    await api.switches({ throttleNext: { count: 1, method: 'PUT', retryAfter: 1 } })
    await board.drag(id, to, 0)
    await expectSettled(id)
    await expectStageSaved(to)
    const puts = (await api.requests()).filter((r) => r.method === 'PUT').map((r) => r.status)
    expect(puts.slice(0, 2)).toEqual([429, 200])
  })
})

test('a card moved by someone else first is not overwritten; the user sees the fresh state', async () => {
  const id = (await board.ids('New enquiry'))[0]!
  const negotiation = await api.columnId(BOARD, 'Negotiation')
  await api.patch(id, { CrmBoardColumnId: negotiation, Value: 4321 })

  await board.drag(id, 'Tour done', 0)
  await expect(board.alert()).toContainText(/someone else/i)
  const record = await api.record(id)
  expect(record.CrmBoardColumnId).toBe(negotiation)
  expect(record.Value).toBe(4321)
  await expect.poll(() => board.ids('Negotiation')).toContain(id)
  expect(await board.ids('Tour done')).not.toContain(id)
})

test.describe('keyboard only', () => {
  test('Space picks up, arrows move across stages, Space drops; the server agrees', async ({ app }) => {
    const id = (await board.ids('New enquiry'))[0]!
    const before = await api.record(id)
    await board.card(id).focus()
    await app.page.keyboard.press('Space')
    await app.page.keyboard.press('ArrowRight')
    await app.page.keyboard.press('ArrowRight')
    await app.page.keyboard.press('ArrowDown')
    await app.page.keyboard.press('Space')

    await expectSettled(id)
    expect(await board.ids('Tour done')).toContain(id)
    await expectStageSaved('Tour done')
    const after = await api.record(id)
    expect(after.CrmBoardColumnId).toBe(await api.columnId(BOARD, 'Tour done'))
    expect(without(after, MOVE_FIELDS)).toEqual(without(before, MOVE_FIELDS))
    await expect(board.card(id)).toBeFocused()
  })

  test('Escape cancels a keyboard move and sends nothing', async ({ app }) => {
    const before = await board.ids('New enquiry')
    await api.clearRequests()
    await board.card(before[0]!).focus()
    await app.page.keyboard.press('Space')
    await app.page.keyboard.press('ArrowRight')
    await app.page.keyboard.press('Escape')
    expect(await board.ids('New enquiry')).toEqual(before)
    expect(await api.requests()).toEqual([])
  })

  test('a keyboard move fails like a drag: back in place, with a message', async ({ app }) => {
    test.slow()
    const before = await board.ids('New enquiry')
    const id = before[0]!
    await api.switches({ rejectNext: { count: 1, method: 'PUT' } })
    await board.card(id).focus()
    await app.page.keyboard.press('Space')
    await app.page.keyboard.press('ArrowRight')
    await app.page.keyboard.press('ArrowRight')
    await app.page.keyboard.press('Space')
    await expect(board.alert()).toContainText(/back where it was/i)
    expect(await board.ids('New enquiry')).toEqual(before)
  })

  test('"Move to…" menu moves a card to Lost without a mouse', async ({ app }) => {
    const id = (await board.ids('Proposal sent'))[0]!
    await board.card(id).focus()
    await board.card(id).getByRole('button', { name: 'Move to…' }).press('Enter')
    await app.page.getByRole('menuitem', { name: 'Lost', exact: true }).press('Enter')
    const dialog = app.page.getByRole('dialog', { name: 'Why was it lost?' })
    await dialog.getByLabel('Loss reason').selectOption({ label: 'Timing' })
    await dialog.getByRole('button', { name: 'Mark as lost' }).press('Enter')
    await expect.poll(async () => (await api.record(id)).Status).toBe(3)
    expect((await api.record(id)).LossReason).toBe(1)
  })
})
