/**
 * Nothing lost, nothing shown as saved before it is: moves made while Nexudus cannot be reached,
 * a colleague's change meeting one of them, and the live refresh bringing colleagues' changes in.
 */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { BoardPage } from './pages/board'
import { SandboxApi } from './support/nexudus'

const BOARD = 'Memberships & desks'
let board: BoardPage
let api: SandboxApi

test.beforeEach(async ({ app, sandboxUrl }) => {
  api = new SandboxApi(sandboxUrl)
  board = await BoardPage.signedInOn(app.page, BOARD)
})

/** The window comes back to the front: the board asks what changed meanwhile. */
const focusWindow = (page: Page) => page.evaluate(() => window.dispatchEvent(new Event('focus')))

test('a move made while Nexudus is away waits, then meets a colleague’s change: reviewed and sent knowingly', async ({
  app
}) => {
  test.slow()
  const id = (await board.ids('New enquiry'))[0]!
  await api.switches({ outage: true })
  await board.drag(id, 'Negotiation', 0)
  // The client retries once (about a second) before the outbox takes it.
  await expect(board.card(id)).toHaveAttribute('data-sync', 'waiting', { timeout: 40_000 })
  await expect(board.card(id)).toContainText('Waiting to save')
  expect((await api.record(id)).CrmBoardColumnName).toBe('New enquiry')

  await api.patch(id, { Name: 'Renamed by a colleague' })
  await api.switches({ outage: false })
  await expect(board.card(id)).toHaveAttribute('data-sync', 'review', { timeout: 30_000 })
  await expect(board.card(id)).toContainText('Needs review')
  expect((await api.record(id)).CrmBoardColumnName).toBe('New enquiry')

  await app.page.getByRole('button', { name: '1 change not saved' }).click()
  const panel = app.page.getByRole('dialog', { name: 'Changes not saved yet' })
  const item = panel.getByRole('listitem')
  await expect(item).toContainText('to Negotiation')
  await expect(item).toContainText('Changed by someone else')
  await item.getByRole('button', { name: /^Save mine anyway/ }).click()
  await expect(panel.getByText('Everything is saved.')).toBeVisible({ timeout: 20_000 })
  await expect.poll(async () => (await api.record(id)).CrmBoardColumnName).toBe('Negotiation')
  expect((await api.record(id)).Name).toBe('Renamed by a colleague')
  await panel.getByRole('button', { name: 'Close' }).click()
  await expect(board.card(id)).not.toHaveAttribute('data-sync', /./)
  expect(await board.ids('Negotiation')).toContain(id)
})

test('discarding a waiting move puts the card back where Nexudus has it, and nothing is sent', async ({
  app
}) => {
  test.slow()
  const before = await board.ids('Tour booked')
  const id = before[1]!
  const record = await api.record(id)
  await api.switches({ outage: true })
  await board.drag(id, 'Proposal sent', 0)
  await expect(board.card(id)).toHaveAttribute('data-sync', 'waiting', { timeout: 40_000 })
  await app.page.getByRole('button', { name: '1 change waiting to save' }).click()
  const panel = app.page.getByRole('dialog', { name: 'Changes not saved yet' })
  await api.switches({ outage: false })
  await panel.getByRole('button', { name: /^Discard/ }).click()
  await expect(panel.getByText('Everything is saved.')).toBeVisible()
  await panel.getByRole('button', { name: 'Close' }).click()
  await expect.poll(() => board.ids('Tour booked')).toEqual(before)
  expect(await api.record(id)).toEqual(record)
})

test('the live refresh brings in a colleague’s move and flags it in the open drawer', async ({ app }) => {
  const id = (await board.ids('Tour done'))[0]!
  const other = (await board.ids('Tour done'))[1]!

  await api.patch(id, { CrmBoardColumnId: await api.columnId(BOARD, 'Proposal sent'), Position: 1 })
  await focusWindow(app.page)
  await expect.poll(() => board.ids('Proposal sent')).toContain(id)
  expect(await board.ids('Tour done')).not.toContain(id)

  await board.card(other).click()
  const drawer = app.page.getByRole('dialog', { name: 'Opportunity details' })
  await expect(drawer.getByLabel('Tag', { exact: true })).toBeEnabled()
  await api.patch(other, { Name: 'Changed while you looked' })
  await focusWindow(app.page)
  await expect(drawer.getByText('Someone else changed this opportunity since you opened it')).toBeVisible()
  await drawer.getByRole('button', { name: 'Reload', exact: true }).click()
  await expect(drawer.getByLabel('Tag', { exact: true })).toHaveValue('Changed while you looked')
})

test('a card a colleague deletes leaves the board at the next refresh', async ({ app }) => {
  const [id, next] = await board.ids('Tour booked')
  await api.remove('/api/crm/crmopportunities', id!)
  await focusWindow(app.page)
  await expect(board.card(id!)).toHaveCount(0)
  await expect
    .poll(() => board.ids('Tour booked'))
    .toEqual(await api.openOrder(await api.columnId(BOARD, 'Tour booked')))
  expect(await board.ids('Tour booked')).toContain(next)
  await expect(board.ready()).toHaveAttribute('data-source', 'server')
})
