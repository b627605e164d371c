import type { Locator, Page } from '@playwright/test'
import { DEMO_USERS, expect, test } from './fixtures'
import { BoardPage } from './pages/board'
import { SandboxApi, without, type NxRecord } from './support/nexudus'

const BOARD = 'Memberships & desks'
let board: BoardPage
let api: SandboxApi

test.beforeEach(async ({ app, sandboxUrl }) => {
  api = new SandboxApi(sandboxUrl)
  board = await BoardPage.signedInOn(app.page, BOARD)
})

/**
 * What any save may change besides the fields the user edited: Nexudus's own bookkeeping, and its
 * display text (customer and tag).
 */
const BOOKKEEPING = ['UpdatedOn', 'UpdatedBy', 'CrmUpdatedOn', 'ToStringText']
/** Names Nexudus derives from an id the user changed. */
const NAMES_OF: Record<string, string[]> = {
  CoworkerId: [
    'CoworkerFullName',
    'CoworkerCompanyName',
    'CoworkerEmail',
    'CoworkerCoworkerType',
    'TeamId',
    'TeamName'
  ],
  ResponsibleId: ['ResponsibleFullName'],
  OpportunityTypeId: ['OpportunityTypeName']
}

function details(page: Page): Locator {
  return page.getByRole('dialog', { name: 'Opportunity details' })
}

async function openDetails(page: Page, id: number): Promise<Locator> {
  await board.card(id).click()
  const drawer = details(page)
  await expect(drawer).toBeVisible()
  await expect(drawer.getByLabel('Tag', { exact: true })).toBeEnabled()
  return drawer
}

/** A searchable picker: type, then choose the option. */
async function pick(drawer: Locator, label: string, query: string, option: string | RegExp): Promise<void> {
  const box = drawer.getByRole('combobox', { name: label, exact: true })
  await box.fill(query)
  await drawer.page().getByRole('option', { name: option }).first().click()
}

async function saved(drawer: Locator): Promise<void> {
  await drawer.getByRole('button', { name: 'Save' }).click()
  await expect(drawer.getByText('Saved', { exact: true })).toBeVisible()
}

test('every kind of field edited in the drawer lands exactly so in Nexudus, and nothing else changes', async ({
  app
}) => {
  const id = (await board.ids('New enquiry'))[0]!
  const before = await api.record(id)
  const customers = await api.list<{ Id: number; FullName: string }>('/api/spaces/coworkers', {})
  const customer = customers.find((c) => c.Id !== before.CoworkerId && c.FullName)!
  const users = await api.list<{ Id: number; FullName: string; IsAdmin: boolean }>('/api/sys/users', {})
  const responsible = users.find((u) => u.Id !== before.ResponsibleId && u.IsAdmin && u.FullName)!

  const drawer = await openDetails(app.page, id)
  await drawer.getByLabel('Tag', { exact: true }).fill('Two desks, east window')
  await drawer.getByLabel('Value', { exact: true }).fill('1234.5')
  await drawer.getByLabel('Follow-up date', { exact: true }).fill('2027-03-15')
  await drawer.getByLabel('Notes', { exact: true }).fill('Line one\nLine two')
  await drawer.getByLabel('Reminded', { exact: true }).setChecked(!before.Reminded)
  await drawer.getByLabel('Lead source', { exact: true }).selectOption({ label: 'Word of mouth' })
  await drawer.getByLabel('Responsible', { exact: true }).selectOption({ label: responsible.FullName })
  await pick(drawer, 'Customer', customer.FullName.slice(0, 4), customer.FullName)
  await drawer.getByText('Campaign (UTM)').click()
  await drawer.getByLabel('UTM source', { exact: true }).fill('newsletter')
  await saved(drawer)

  const expected: Record<string, unknown> = {
    Name: 'Two desks, east window',
    Value: 1234.5,
    Notes: 'Line one\nLine two',
    Reminded: !before.Reminded,
    LeadSource: 8,
    ResponsibleId: responsible.Id,
    CoworkerId: customer.Id,
    UtmSource: 'newsletter'
  }
  const after = await api.record(id)
  expect(after).toMatchObject(expected)
  // A calendar date: midnight of that day, whatever the time zone of the user.
  expect(String(after.DueDate).slice(0, 10)).toBe('2027-03-15')
  const changed = [
    ...Object.keys(expected),
    'DueDate',
    ...BOOKKEEPING,
    ...NAMES_OF.CoworkerId!,
    ...NAMES_OF.ResponsibleId!
  ]
  expect(without(after, changed)).toEqual(without(before, changed))

  // The card on the board says so too, and the drawer reads the date back unshifted.
  await expect(board.card(id)).toContainText(customer.FullName)
  await drawer.getByRole('button', { name: 'Close' }).click()
  const again = await openDetails(app.page, id)
  await expect(again.getByLabel('Follow-up date', { exact: true })).toHaveValue('2027-03-15')
})

test('marking it lost in the drawer, with a reason, a date and a referrer, lands so and moves the card to Lost', async ({
  app
}) => {
  const id = (await board.ids('New enquiry'))[2]!
  const before = await api.record(id)
  const customers = await api.list<{ Id: number; FullName: string }>('/api/spaces/coworkers', {})
  const referrer = customers.find(
    (c) => c.Id !== before.ReferrerId && c.Id !== before.CoworkerId && c.FullName
  )!

  const drawer = await openDetails(app.page, id)
  await expect(drawer.getByLabel('Loss reason', { exact: true })).toHaveCount(0)
  await drawer.getByLabel('Status', { exact: true }).selectOption({ label: 'Lost' })
  await expect(drawer.getByLabel('Completed', { exact: true })).toBeChecked()
  await drawer.getByLabel('Loss reason', { exact: true }).selectOption({ label: 'Lost momentum' })
  await drawer.getByLabel('Lost on', { exact: true }).fill('2026-11-30')
  await pick(drawer, 'Referrer', referrer.FullName.slice(0, 4), referrer.FullName)
  await saved(drawer)

  const after = await api.record(id)
  expect(after).toMatchObject({ Status: 3, LossReason: 6, Completed: true, ReferrerId: referrer.Id })
  expect(String(after.LostOn).slice(0, 10)).toBe('2026-11-30')
  expect(after.WonOn ?? null).toBeNull()
  const changed = ['Status', 'LossReason', 'Completed', 'LostOn', 'WonOn', 'ReferrerId', ...BOOKKEEPING]
  expect(without(after, changed)).toEqual(without(before, changed))

  await drawer.getByRole('button', { name: 'Close' }).click()
  await expect(board.card(id)).toHaveCount(0)
  await app.page.getByRole('button', { name: 'Won / Lost' }).click()
  const lost = app.page
    .getByRole('dialog', { name: 'Closed opportunities' })
    .getByRole('region', { name: 'Lost' })
  await expect(lost.locator(`[data-id="${id}"]`)).toBeVisible()
})

test('choosing a type fills empty notes from its template; a date left alone is sent back verbatim', async ({
  app
}) => {
  const id = (await board.ids('New enquiry'))[1]!
  await api.patch(id, { Notes: null, DueDate: '2026-12-03T00:00:00.0000000Z' })
  await app.page.reload()
  await board.open(BOARD)
  const before = await api.record(id)
  const types = await api.list<{
    Id: number
    Name: string
    NotesTemplate: string | null
    BusinessId: number
  }>('/api/crm/opportunitytypes', {})
  // The drawer offers the types of the board's business; other businesses may reuse the names.
  const type = types.find(
    (t) =>
      t.BusinessId === before.CrmBoardColumnCrmBoardBusinessId &&
      t.NotesTemplate &&
      t.Id !== before.OpportunityTypeId
  )!

  const drawer = await openDetails(app.page, id)
  await drawer.getByLabel('Type', { exact: true }).selectOption({ label: type.Name })
  await expect(drawer.getByLabel('Notes', { exact: true })).toHaveValue(type.NotesTemplate!)
  await saved(drawer)

  const after = await api.record(id)
  expect(after.OpportunityTypeId).toBe(type.Id)
  expect(after.Notes).toBe(type.NotesTemplate)
  expect(after.DueDate).toBe(before.DueDate)
})

test('a validation error from Nexudus appears under its field, and the edit is kept', async ({ app }) => {
  const id = (await board.ids('New enquiry'))[0]!
  const businessId = (await api.record(id)).CrmBoardColumnCrmBoardBusinessId as number
  // A type that exists when picked and is gone when saved: someone deleted it meanwhile.
  const type = await api.create('/api/crm/opportunitytypes', {
    BusinessId: businessId,
    Name: 'Short-lived type'
  })
  const before = await api.record(id)

  const drawer = await openDetails(app.page, id)
  await drawer.getByLabel('Type', { exact: true }).selectOption({ label: 'Short-lived type' })
  await drawer.getByLabel('Tag', { exact: true }).fill('Kept after the error')
  await api.remove('/api/crm/opportunitytypes', type)
  await drawer.getByRole('button', { name: 'Save' }).click()

  const typeField = drawer.getByLabel('Type', { exact: true })
  await expect(typeField).toHaveAttribute('aria-invalid', 'true')
  await expect(drawer.getByText('refers to a record that does not exist')).toBeVisible()
  await expect(drawer.getByLabel('Tag', { exact: true })).toHaveValue('Kept after the error')
  expect(without(await api.record(id), [])).toEqual(without(before, []))
})

test('an answer of HTTP 200 with WasSuccessful false is shown as a failure, not as saved', async ({
  app
}) => {
  const id = (await board.ids('New enquiry'))[0]!
  const before = await api.record(id)
  await api.switches({
    rejectNext: { count: 1, method: 'PUT', message: 'The opportunity is locked by an import.' }
  })

  const drawer = await openDetails(app.page, id)
  await drawer.getByLabel('Tag', { exact: true }).fill('Should not look saved')
  await drawer.getByRole('button', { name: 'Save' }).click()

  await expect(drawer.getByRole('alert')).toContainText('The opportunity is locked by an import.')
  await expect(drawer.getByText('Saved', { exact: true })).toHaveCount(0)
  await expect(drawer.getByLabel('Tag', { exact: true })).toHaveValue('Should not look saved')
  expect(await api.record(id)).toEqual(before)
})

test('a stale edit shows what changed instead of overwriting; Overwrite then writes knowingly', async ({
  app
}) => {
  const id = (await board.ids('New enquiry'))[0]!
  const drawer = await openDetails(app.page, id)
  await api.patch(id, { Name: 'Changed by a colleague' })

  await drawer.getByLabel('Value', { exact: true }).fill('999')
  await drawer.getByRole('button', { name: 'Save' }).click()
  const conflict = drawer.getByRole('alert').filter({ hasText: 'Changed by someone else' })
  await expect(conflict).toBeVisible()
  await expect(conflict).toContainText('Tag')
  const meanwhile = await api.record(id)
  expect(meanwhile.Name).toBe('Changed by a colleague')
  expect(meanwhile.Value).not.toBe(999)

  await conflict.getByRole('button', { name: 'Overwrite' }).click()
  await expect(drawer.getByText('Saved', { exact: true })).toBeVisible()
  await expect.poll(async () => (await api.record(id)).Value).toBe(999)
})

test('a new opportunity is created at the top of its stage, and deleted after the undo time', async ({
  app
}) => {
  const columnId = await api.columnId(BOARD, 'New enquiry')
  const customers = await api.list<{ Id: number; FullName: string }>('/api/spaces/coworkers', {})
  const customer = customers.find((c) => c.FullName)!

  await app.page.getByRole('button', { name: 'New opportunity in New enquiry' }).click()
  const dialog = app.page.getByRole('dialog', { name: 'New opportunity' })
  await dialog.getByRole('button', { name: 'Create' }).click()
  await expect(dialog.getByText('Choose a customer')).toBeVisible()
  await pick(dialog, 'Customer', customer.FullName.slice(0, 4), customer.FullName)
  await dialog.getByLabel('Tag', { exact: true }).fill('Brand new')
  await dialog.getByRole('button', { name: 'Create' }).click()
  await expect(dialog).toBeHidden()

  await expect.poll(async () => (await api.openOrder(columnId)).length).toBeGreaterThan(0)
  const top = (await api.openOrder(columnId))[0]!
  const created = await api.record(top)
  expect(created).toMatchObject({
    CoworkerId: customer.Id,
    Name: 'Brand new',
    Status: 1,
    CrmBoardColumnId: columnId
  })
  await expect.poll(async () => (await board.ids('New enquiry'))[0]).toBe(top)

  const drawer = await openDetails(app.page, top)
  await drawer.getByRole('button', { name: 'Delete' }).click()
  await app.page
    .getByRole('alertdialog', { name: 'Delete this opportunity?' })
    .getByRole('button', { name: 'Delete' })
    .click()
  await expect(board.card(top)).toHaveCount(0)
  await expect(app.page.getByText(`${customer.FullName} will be deleted in a few seconds.`)).toBeVisible()
  // Still there during the few seconds the user may undo; gone after, and only then said so.
  expect((await api.record(top)).Id).toBe(top)
  await expect(app.page.getByText(`${customer.FullName} was deleted in Nexudus.`)).toBeVisible({
    timeout: 10_000
  })
  expect(await api.openOrder(columnId)).not.toContain(top)
})

test('undoing a delete sends nothing and puts the card back where it was', async ({ app }) => {
  const stage = 'New enquiry'
  const order = await board.ids(stage)
  const id = order[1]!
  await api.clearRequests()

  const drawer = await openDetails(app.page, id)
  await drawer.getByRole('button', { name: 'Delete' }).click()
  await app.page
    .getByRole('alertdialog', { name: 'Delete this opportunity?' })
    .getByRole('button', { name: 'Delete' })
    .click()
  await expect(board.card(id)).toHaveCount(0)
  await app.page.getByRole('button', { name: 'Undo' }).click()
  await expect.poll(() => board.ids(stage)).toEqual(order)
  await app.page.waitForTimeout(6_000)
  expect((await api.requests()).filter((r) => r.method === 'DELETE')).toEqual([])
  expect((await api.record(id)).Id).toBe(id)
})

test('the history shows a move made on the board, with who made it', async ({ app }) => {
  const id = (await board.ids('New enquiry'))[0]!
  await board.drag(id, 'Proposal sent', 0)
  await expect(board.card(id)).not.toHaveAttribute('data-saving', 'true')
  await expect.poll(async () => (await api.record(id)).CrmBoardColumnName).toBe('Proposal sent')

  const drawer = await openDetails(app.page, id)
  const history = drawer.getByRole('list', { name: 'Stage history' })
  await expect(history.getByRole('listitem').last()).toContainText('New enquiry → Proposal sent')
  const admin = (await api.list<NxRecord & { Email: string; FullName: string }>('/api/sys/users', {})).find(
    (u) => u.Email === DEMO_USERS.admin.email
  )!
  await expect(history.getByRole('listitem').last()).toContainText(admin.FullName)
})
