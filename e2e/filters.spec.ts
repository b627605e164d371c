/**
 * The filter bar against what the sandbox holds: each filter and the search show exactly the open
 * cards that match, counts read "x of y", filters come back for the same board, and stale cards
 * show their days in the stage and count for "Needs attention".
 */
import type { Page } from '@playwright/test'
import { expect, test } from './fixtures'
import { BoardPage } from './pages/board'
import { SandboxApi, type NxRecord } from './support/nexudus'
import { byPosition } from '../src/shared/order'

const BOARD = 'Memberships & desks'
const STAGES = ['New enquiry', 'Tour booked', 'Tour done', 'Proposal sent', 'Negotiation']
let board: BoardPage
let api: SandboxApi

test.beforeEach(async ({ app, sandboxUrl }) => {
  api = new SandboxApi(sandboxUrl)
  board = await BoardPage.signedInOn(app.page, BOARD)
})

/** Every open card of the board's plain stages, in each stage's order: two requests in all. */
async function openCards(): Promise<Map<string, NxRecord[]>> {
  const boardId = await api.boardId(BOARD)
  const columns = await api.list<{ Id: number; Name: string }>('/api/crm/crmboardcolumns', {
    CrmBoardColumn_CrmBoard: boardId
  })
  const cards = await api.list<NxRecord>('/api/crm/crmopportunities', {
    CrmOpportunity_CrmBoardColumn_CrmBoard_Id: boardId,
    CrmOpportunity_Status: 1
  })
  const out = new Map<string, NxRecord[]>()
  for (const stage of STAGES) {
    const id = columns.find((c) => c.Name === stage)!.Id
    out.set(stage, cards.filter((r) => r.CrmBoardColumnId === id).sort(byPosition))
  }
  return out
}

/** Each stage shows exactly the open cards `keep` lets through, in order, and says "x of y". */
async function expectShown(page: Page, keep: (r: NxRecord) => boolean): Promise<number> {
  let shown = 0
  const open = await openCards()
  for (const [stage, records] of open) {
    const wanted = records.filter(keep).map((r) => r.Id)
    shown += wanted.length
    await expect.poll(() => board.ids(stage), { message: stage }).toEqual(wanted)
    await expect(board.stage(stage).locator('.stage__count')).toHaveText(
      `${wanted.length} of ${records.length} open`
    )
  }
  expect(shown).toBeGreaterThan(0)
  return shown
}

test('filters by responsible, lead source, type, follow-up and value, each showing exactly the matches', async ({
  app
}) => {
  const page = app.page
  const all = [...(await openCards()).values()].flat()
  const someone = all.find((r) => r.ResponsibleFullName)!.ResponsibleFullName as string
  const bar = page.getByRole('search', { name: 'Filter opportunities' })

  await bar.getByLabel('Responsible').selectOption({ label: someone })
  await expectShown(page, (r) => r.ResponsibleFullName === someone)
  await bar.getByRole('button', { name: 'Clear filters' }).click()

  await bar.getByLabel('Lead source').selectOption({ label: 'Referral' })
  await expectShown(page, (r) => r.LeadSource === 5)
  await bar.getByLabel('Lead source').selectOption({ label: 'Any' })

  const type = all.find((r) => r.OpportunityTypeName)!.OpportunityTypeName as string
  await bar.getByLabel('Type').selectOption({ label: type })
  await expectShown(page, (r) => r.OpportunityTypeName === type)
  await bar.getByLabel('Type').selectOption({ label: 'Any' })

  const today = await page.evaluate(() => {
    const d = new Date()
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  })
  const dueDay = (r: NxRecord) => (typeof r.DueDate === 'string' ? r.DueDate.slice(0, 10) : null)
  await bar.getByLabel('Follow-up').selectOption({ label: 'Overdue' })
  await expectShown(page, (r) => dueDay(r) !== null && dueDay(r)! < today)
  await bar.getByLabel('Follow-up').selectOption({ label: 'No date' })
  await expectShown(page, (r) => dueDay(r) === null)
  await bar.getByLabel('Follow-up').selectOption({ label: 'This week' })
  const inAWeek = await page.evaluate(() => {
    const d = new Date()
    d.setDate(d.getDate() + 7)
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
  })
  await expectShown(page, (r) => dueDay(r) !== null && dueDay(r)! >= today && dueDay(r)! < inAWeek)
  await bar.getByLabel('Follow-up').selectOption({ label: 'Any' })

  await bar.getByLabel('Value from').fill('5000')
  await bar.getByLabel('Value from').press('Tab')
  await bar.getByLabel('Value to').fill('7000')
  await bar.getByLabel('Value to').press('Tab')
  const count = await expectShown(
    page,
    (r) => ((r.Value as number | null) ?? 0) >= 5000 && ((r.Value as number | null) ?? 0) <= 7000
  )
  await expect(page.locator('.board-view__summary')).toContainText(`${count} of ${all.length} open`)
})

test('searches customer, company, email, tag and notes; the filters come back with the board', async ({
  app
}) => {
  const page = app.page
  const all = [...(await openCards()).values()].flat()
  const bar = page.getByRole('search', { name: 'Filter opportunities' })
  const search = bar.getByLabel('Search', { exact: true })

  const company = all.find((r) => r.CoworkerCompanyName)!.CoworkerCompanyName as string
  await search.fill(company.toUpperCase())
  await expectShown(page, (r) =>
    [r.CoworkerFullName, r.CoworkerCompanyName, r.CoworkerEmail, r.Name, r.Notes].some((t) =>
      String(t ?? '')
        .toLowerCase()
        .includes(company.toLowerCase())
    )
  )

  // A word only the notes hold.
  const id = all[3]!.Id
  await api.patch(id, { Notes: 'Wants the zebra-striped meeting room' })
  await page.reload()
  await board.open(BOARD)
  await search.fill('zebra-striped')
  await expectShown(page, (r) => r.Id === id)

  // Back on this board later, the search is still there.
  await page.reload()
  await board.open(BOARD)
  await expect(search).toHaveValue('zebra-striped')
  await expectShown(page, (r) => r.Id === id)
  await bar.getByRole('button', { name: 'Clear filters' }).click()
  await expect(bar.getByRole('button', { name: 'Clear filters' })).toHaveCount(0)
  await expect(board.stage('New enquiry').locator('.stage__count')).not.toContainText(' of ')
})

test('a card longer in its stage than the threshold shows its days and counts for "Needs attention"', async ({
  app
}) => {
  const page = app.page
  const bar = page.getByRole('search', { name: 'Filter opportunities' })
  await bar.getByRole('button', { name: 'Stale after…' }).click()
  const dialog = page.getByRole('dialog', { name: 'Stale after' })
  // Never stale anywhere but in Tour done, where a day is already too long.
  for (const stage of STAGES)
    await dialog.getByLabel(stage, { exact: true }).fill(stage === 'Tour done' ? '1' : '')
  await dialog.getByLabel('Tour done', { exact: true }).press('Tab')
  for (const stage of STAGES) await dialog.getByLabel(stage, { exact: true }).dispatchEvent('change')
  await dialog.getByRole('button', { name: 'Done' }).click()

  const tourDone = await board.ids('Tour done')
  await expect(board.card(tourDone[0]!).locator('.card__stale')).toHaveText(/^\d+ d$/)
  await expect(board.card(tourDone[0]!)).toHaveAttribute('aria-label', /\d+ days in this stage/)
  await expect(board.stage('New enquiry').locator('[data-stale]')).toHaveCount(0)

  await bar.getByLabel('Needs attention').check()
  const today = new Date().toISOString().slice(0, 10)
  const overdue = (r: NxRecord) => typeof r.DueDate === 'string' && r.DueDate.slice(0, 10) < today
  const open = await openCards()
  for (const stage of STAGES.filter((s) => s !== 'Tour done')) {
    const records = open.get(stage)!
    await expect
      .poll(() => board.ids(stage), { message: stage })
      .toEqual(records.filter(overdue).map((r) => r.Id))
  }
  expect(await board.ids('Tour done')).toEqual(tourDone)
})
