/**
 * The accessibility audit (docs/accessibility.md): axe-core over every screen, drawer, dialog,
 * menu and message the board has, each in the light and the dark theme. No violation of impact
 * serious or critical may land.
 *
 * The fixture opens its own browser context, so `test.use({ colorScheme })` would not reach it;
 * each state is audited twice instead, switching the scheme with `emulateMedia`, which also saves
 * setting the same state up twice.
 */
import AxeBuilder from '@axe-core/playwright'
import type { Locator, Page } from '@playwright/test'
import { DEMO_USERS, expect, test } from './fixtures'
import { BoardPage } from './pages/board'
import { SignInPage } from './pages/sign-in'
import { SandboxApi } from './support/nexudus'

const BOARD = 'Memberships & desks'
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
const SCHEMES = ['light', 'dark'] as const
const BLOCKING = new Set(['serious', 'critical'])

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number]

/** What the next engineer needs to find and fix a violation: the rule, its help, the elements. */
function explain(scheme: string, v: Violation): string {
  const nodes = v.nodes.map(
    (n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ') ?? ''}`
  )
  return `[${scheme}] ${v.impact} ${v.id}: ${v.help}\n    ${v.helpUrl}\n${nodes.join('\n')}`
}

/** Audits the page as it is now, in both themes; fails on anything serious or critical. */
async function audit(page: Page, what: string): Promise<void> {
  const blocking: string[] = []
  const other: string[] = []
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme })
    // The page has no frames, so axe's frame-by-frame mode buys nothing here, and it finishes in a
    // blank page it opens in the context: a second window under Electron. One run in the page
    // audits the same DOM.
    const results = await new AxeBuilder({ page })
      .withTags(TAGS)
      // Only violations are read; leaving out the passing nodes saves serialising most of the page.
      .options({ resultTypes: ['violations'] })
      .setLegacyMode(true)
      .analyze()
    for (const v of results.violations) {
      ;(BLOCKING.has(v.impact ?? '') ? blocking : other).push(explain(colorScheme, v))
    }
  }
  await page.emulateMedia({ colorScheme: null })
  if (other.length) {
    test
      .info()
      .annotations.push({ type: 'a11y (moderate/minor)', description: `${what}: ${other.join('\n')}` })
  }
  expect(blocking, `${what}: serious or critical accessibility violations\n${blocking.join('\n')}`).toEqual(
    []
  )
}

/** Opens card `id`'s "Move to…" menu; the menu has focus once it is shown. */
async function openMoveMenu(board: BoardPage, id: number): Promise<Locator> {
  await board.card(id).hover()
  await board.card(id).getByRole('button', { name: 'Move to…' }).click()
  const menu = board.page.getByRole('menu')
  await expect(menu.getByRole('menuitem').first()).toBeFocused()
  return menu
}

test('the sign-in screen, and it refusing a password', async ({ app }) => {
  const signIn = new SignInPage(app.page)
  await signIn.expectShown()
  await audit(app.page, 'sign-in')
  await signIn.signIn(DEMO_USERS.admin.email, 'not the password')
  await expect(signIn.alert()).toBeVisible()
  await audit(app.page, 'sign-in with an error')
})

test.describe('signed in, on the board', () => {
  // Every full-page audit of the 40-card board takes 1–3 s, twice as long with the rest of the
  // suite on the same two cores.
  test.slow()
  let board: BoardPage
  let api: SandboxApi

  test.beforeEach(async ({ app, sandboxUrl }) => {
    api = new SandboxApi(sandboxUrl)
    board = await BoardPage.signedInOn(app.page, BOARD)
  })

  test('the board and the Won/Lost drawer', async ({ app: { page } }) => {
    await audit(page, 'board')
    await page.getByRole('button', { name: 'Won / Lost' }).click()
    const closed = page.getByRole('dialog', { name: 'Closed opportunities' })
    await expect(closed.getByRole('region', { name: 'Lost' })).toBeVisible()
    await audit(page, 'Won/Lost drawer')
  })

  test('filtered, compact, the keyboard shortcuts and the stale thresholds', async ({ app: { page } }) => {
    const filters = page.getByRole('search', { name: 'Filter opportunities' })
    await filters.getByLabel('Needs attention').check()
    await filters.getByRole('searchbox', { name: 'Search' }).fill('a')
    await expect(page.locator('.board-view__summary')).toContainText(' of ')
    await page.getByRole('checkbox', { name: 'Compact' }).check()
    await expect(page.locator('[data-density="compact"]')).toHaveCount(1)
    await audit(page, 'board, filtered and compact')

    await page.locator('h1').focus()
    await page.keyboard.press('?')
    await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible()
    await audit(page, 'keyboard shortcuts')
    await page.keyboard.press('Escape')
    await expect(page.locator('h1')).toBeFocused()

    await filters.getByRole('button', { name: 'Stale after…' }).click()
    await expect(page.getByRole('dialog', { name: 'Stale after' })).toBeVisible()
    await audit(page, 'stale thresholds dialog')
    await page.keyboard.press('Escape')
    await expect(filters.getByRole('button', { name: 'Stale after…' })).toBeFocused()
  })

  test('the opportunity details drawer and the New opportunity dialog', async ({ app: { page } }) => {
    await board.card((await board.ids('New enquiry'))[0]!).click()
    const details = page.getByRole('dialog', { name: 'Opportunity details' })
    await expect(details.getByLabel('Tag', { exact: true })).toBeEnabled()
    await audit(page, 'opportunity details drawer')
    await page.keyboard.press('Escape')
    await expect(details).toBeHidden()

    await page.getByRole('button', { name: 'New opportunity in New enquiry' }).click()
    const create = page.getByRole('dialog', { name: 'New opportunity' })
    await expect(create).toBeVisible()
    await audit(page, 'New opportunity dialog')
    await create.getByRole('button', { name: 'Create' }).click()
    const customer = create.getByRole('combobox', { name: 'Customer' })
    await expect(customer).toHaveAttribute('aria-invalid', 'true')
    await audit(page, 'New opportunity dialog, with field errors')
    await customer.fill('a')
    await expect(page.getByRole('option').first()).toBeVisible()
    await audit(page, 'New opportunity dialog, customer search open')
  })

  test('the Move to… menu, the dialogs it leads to, and a message', async ({ app: { page } }) => {
    const [first, second] = await board.ids('New enquiry')
    const menu = await openMoveMenu(board, first!)
    await audit(page, 'Move to… menu')
    await menu.getByRole('menuitem', { name: 'Lost', exact: true }).click()
    const loss = page.getByRole('dialog', { name: 'Why was it lost?' })
    await expect(loss.getByLabel('Loss reason')).toBeVisible()
    await audit(page, 'loss-reason dialog')
    await loss.getByRole('button', { name: 'Cancel' }).click()
    await expect(loss).toBeHidden()

    // A stage with automations asks first: another dialog to audit.
    await (await openMoveMenu(board, second!)).getByRole('menuitem', { name: 'Tour booked' }).click()
    const automation = page.getByRole('alertdialog', { name: 'Confirm stage automation' })
    await expect(automation).toBeVisible()
    await audit(page, 'stage automation dialog')
    await automation.getByRole('button', { name: 'Cancel' }).click()
    await expect(automation).toBeHidden()

    await api.switches({ rejectNext: { count: 1, method: 'PUT' } })
    await (await openMoveMenu(board, second!)).getByRole('menuitem', { name: 'Negotiation' }).click()
    await expect(board.alert()).toContainText(/back where it was/i)
    await expect.poll(() => board.ids('New enquiry')).toContain(second!)
    await audit(page, 'toast')
  })

  test('the list of changes not saved yet', async ({ app: { page } }) => {
    const id = (await board.ids('New enquiry'))[0]!
    await api.switches({ outage: true })
    await (await openMoveMenu(board, id)).getByRole('menuitem', { name: 'Negotiation' }).click()
    // The client retries once (about a second) before the outbox keeps the move.
    await expect(board.card(id)).toHaveAttribute('data-sync', 'waiting', { timeout: 40_000 })
    await audit(page, 'board with a waiting change')
    await page.getByRole('button', { name: '1 change waiting to save' }).click()
    const panel = page.getByRole('dialog', { name: 'Changes not saved yet' })
    await expect(panel.getByRole('listitem')).toContainText('to Negotiation')
    await audit(page, 'outbox list')
  })
})
