/**
 * Regenerates the README screenshots from the current build, in browser mode on the demo
 * workspace (fixed seed and date, so the pictures only change when the app does):
 *   npm run screenshots   (builds, then draws them in a headful Chromium under xvfb-run)
 */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { DEMO_USERS, startSandbox } from '../src/sandbox'
import { startWebServer } from '../src/web/server'
import { chromiumLaunchOptions } from './chromium'

const OUT = resolve('docs/screenshots')

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, quiet: true, anchor: '2026-11-27T00:00:00Z' })
  const userDataDir = await mkdtemp(join(tmpdir(), 'pipeline-shots-'))
  const web = await startWebServer({
    port: 0,
    staticDir: resolve('out/web'),
    userDataDir,
    apiUrl: sandbox.url,
    log: () => {},
    startDemo: async () => ({ url: sandbox.url, ...DEMO_USERS.admin, close: async () => {} })
  })
  // Under xvfb-run (npm run screenshots) a real, headful window draws them, as a user's screen
  // would; without a display, headless.
  const browser = await chromium.launch({ ...chromiumLaunchOptions, headless: !process.env.DISPLAY })
  try {
    for (const scheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: scheme })
      await page.goto(web.url)
      await shot(page, `sign-in-${scheme}`)
      await page.getByRole('button', { name: 'Open demo workspace' }).click()
      await page.getByRole('combobox', { name: 'Board' }).selectOption({ label: 'Memberships & desks' })
      await page.locator('[data-state="ready"]').waitFor()
      // Browser mode has no keychain, and says so: true, but not what the pictures are about.
      await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).click()
      await shot(page, `board-${scheme}`)
      if (scheme === 'light') {
        const filters = page.getByRole('search', { name: 'Filter opportunities' })
        await filters.getByLabel('Follow-up').selectOption({ label: 'Overdue' })
        await filters.getByLabel('Needs attention').check()
        await shot(page, 'filtered-light')
        await filters.getByRole('button', { name: 'Clear filters' }).click()
        await page.locator('h1').focus()
        await page.keyboard.press('?')
        await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
        await shot(page, 'shortcuts-light')
        await page.keyboard.press('Escape')
      } else {
        await page.getByRole('checkbox', { name: 'Compact' }).check()
        await shot(page, 'board-compact-dark')
        await page.getByRole('checkbox', { name: 'Compact' }).uncheck()
      }
      await page.locator('[role="listitem"][data-id]').nth(1).click()
      const details = page.getByRole('dialog', { name: 'Opportunity details' })
      await details.getByRole('list', { name: 'Stage history' }).waitFor()
      await shot(page, `details-${scheme}`)
      await details.getByRole('button', { name: 'Close' }).click()
      await details.waitFor({ state: 'hidden' })
      if (scheme === 'light') {
        await page.getByRole('button', { name: 'Won / Lost' }).click()
        await page.getByRole('dialog', { name: 'Closed opportunities' }).waitFor()
        await shot(page, 'drawer-light')
        await page.keyboard.press('Escape')
        const card = page.locator('[role="listitem"][data-id]').first()
        await card.focus()
        await card.getByRole('button', { name: 'Move to…' }).press('Enter')
        await page.getByRole('menuitem', { name: 'Lost', exact: true }).press('Enter')
        await page.getByRole('dialog', { name: 'Why was it lost?' }).waitFor()
        await shot(page, 'loss-reason-light')
        await page.getByRole('button', { name: 'Cancel' }).click()
        await page
          .getByRole('button', { name: /^New opportunity in / })
          .first()
          .click()
        const create = page.getByRole('dialog', { name: 'New opportunity' })
        await create.getByRole('combobox', { name: 'Customer' }).fill('an')
        await page.getByRole('option').first().waitFor()
        await shot(page, 'new-opportunity-light')
        await page.keyboard.press('Escape')
        await page.keyboard.press('Escape')
        await create.waitFor({ state: 'hidden' })
      }
      await page.getByRole('button', { name: 'Sign out' }).click()
      await page.close()
    }
    // Last, as it changes the sandbox: a move waits in the outbox while Nexudus is away.
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' })
    await page.goto(web.url)
    await page.getByRole('button', { name: 'Open demo workspace' }).click()
    await page.getByRole('combobox', { name: 'Board' }).selectOption({ label: 'Memberships & desks' })
    await page.locator('[data-state="ready"][data-source="server"]').waitFor()
    await page.getByRole('status').getByRole('button', { name: 'Dismiss' }).click()
    // Nexudus away: a move waits in the outbox, and says so (after the client's one quick retry).
    sandbox.control.setSwitches({ outage: true })
    const waiting = page.locator('[role="listitem"][data-id]').nth(2)
    await waiting.focus()
    await waiting.getByRole('button', { name: 'Move to…' }).press('Enter')
    await page.getByRole('menuitem', { name: 'Proposal sent', exact: true }).press('Enter')
    await page.locator('[data-sync="waiting"]').waitFor({ timeout: 40_000 })
    await shot(page, 'outbox-card-light')
    await page.getByRole('button', { name: /waiting to save/ }).click()
    await page.getByRole('dialog', { name: 'Changes not saved yet' }).waitFor()
    await shot(page, 'outbox-light')
    await page.keyboard.press('Escape')
    sandbox.control.setSwitches({ outage: false })
    await page.locator('[data-sync]').waitFor({ state: 'detached', timeout: 40_000 })
    await page.close()
  } finally {
    await browser.close()
    await web.close()
    await sandbox.close()
    await rm(userDataDir, { recursive: true, force: true })
  }
}

async function shot(page: Page, name: string): Promise<void> {
  // Let fonts and the last frame settle: the pictures are for people.
  await page.waitForTimeout(250)
  await page.screenshot({ path: join(OUT, `${name}.png`) })
  console.log(`docs/screenshots/${name}.png`)
}

await main()
