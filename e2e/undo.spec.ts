/**
 * Undo and redo (Ctrl+Z, Ctrl+Shift+Z) of moves and won/lost, as server writes: after an undo the
 * sandbox holds the card as it was, between the same neighbours, and a redo moves it again.
 */
import { expect, test } from './fixtures'
import { BoardPage } from './pages/board'
import { SandboxApi, without } from './support/nexudus'

const BOARD = 'Memberships & desks'
let board: BoardPage
let api: SandboxApi

test.beforeEach(async ({ app, sandboxUrl }) => {
  api = new SandboxApi(sandboxUrl)
  board = await BoardPage.signedInOn(app.page, BOARD)
})

/** What any write changes: Nexudus's own bookkeeping. The Position comes back too. */
const BOOKKEEPING = ['UpdatedOn', 'UpdatedBy', 'CrmUpdatedOn']

test('undo of a cross-stage move restores the sandbox exactly, and redo moves it again', async ({ app }) => {
  const from = await api.columnId(BOARD, 'New enquiry')
  const to = await api.columnId(BOARD, 'Proposal sent')
  const fromOrder = await api.openOrder(from)
  const toOrder = await api.openOrder(to)
  const id = fromOrder[2]!
  const before = await api.record(id)

  await board.drag(id, 'Proposal sent', 1)
  await expect.poll(async () => (await api.record(id)).CrmBoardColumnId).toBe(to)
  await expect(board.card(id)).not.toHaveAttribute('data-saving', 'true')

  await board.card(fromOrder[0]!).focus()
  await app.page.keyboard.press('Control+z')
  await expect(app.page.getByText(`Undone: ${before.CoworkerFullName} is back in New enquiry.`)).toBeVisible()
  expect(await api.openOrder(from)).toEqual(fromOrder)
  expect(await api.openOrder(to)).toEqual(toOrder)
  expect(without(await api.record(id), BOOKKEEPING)).toEqual(without(before, BOOKKEEPING))
  // The board draws the stage's first cards (windowing): those are the sandbox's, in its order.
  await expect
    .poll(async () => {
      const drawn = await board.ids('New enquiry')
      return drawn.includes(id) ? drawn : []
    })
    .toEqual(fromOrder.slice(0, (await board.ids('New enquiry')).length))

  // Focus on the card goes with it to the stage the redo sends it to.
  await board.card(id).focus()
  await app.page.keyboard.press('Control+Shift+z')
  await expect(board.stage('Proposal sent').locator(`[data-id="${id}"]`)).toBeFocused()
  await expect.poll(async () => (await api.record(id)).CrmBoardColumnId).toBe(to)
  const moved = await api.openOrder(to)
  expect(moved.indexOf(id)).toBe(1)
  await expect.poll(() => board.ids('Proposal sent')).toEqual(moved.slice(0, moved.length))
})

test('undo of "mark as lost" reopens the card where it was, reason and dates cleared', async ({ app }) => {
  const stage = await api.columnId(BOARD, 'Tour done')
  const order = await api.openOrder(stage)
  const id = order[0]!
  const before = await api.record(id)
  await board.card(id).focus()
  await board.card(id).getByRole('button', { name: 'Move to…' }).press('Enter')
  await app.page.getByRole('menuitem', { name: 'Lost', exact: true }).press('Enter')
  const dialog = app.page.getByRole('dialog', { name: 'Why was it lost?' })
  await dialog.getByLabel('Loss reason').selectOption({ label: 'Price' })
  await dialog.getByRole('button', { name: 'Mark as lost' }).click()
  await expect.poll(async () => (await api.record(id)).Status).toBe(3)

  await board.card(order[1]!).focus()
  await app.page.keyboard.press('Control+z')
  await expect.poll(async () => (await api.record(id)).Status).toBe(1)
  const after = await api.record(id)
  expect(after).toMatchObject({ LossReason: null, LostOn: null, Completed: false, CrmBoardColumnId: stage })
  expect(await api.openOrder(stage)).toEqual(order)
  expect(without(after, [...BOOKKEEPING, 'CrmBoardColumnName'])).toEqual(
    without(before, [...BOOKKEEPING, 'CrmBoardColumnName'])
  )
})
