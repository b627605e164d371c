/**
 * Themes and density: light and dark follow the OS, the header's choice overrides it and is kept,
 * compact cards hold more of a stage, and the shortcuts sheet lists the keys.
 */
import { expect, test } from './fixtures'
import { BoardPage } from './pages/board'

const BOARD = 'Memberships & desks'
const background = (page: import('@playwright/test').Page) =>
  page.evaluate(() => getComputedStyle(document.body).backgroundColor)

test('the theme follows the OS until the user picks one, which is kept; compact cards show more', async ({
  app
}) => {
  const page = app.page
  await page.emulateMedia({ colorScheme: 'light' })
  const board = await BoardPage.signedInOn(page, BOARD)
  const light = await background(page)

  await page.emulateMedia({ colorScheme: 'dark' })
  const dark = await background(page)
  expect(dark).not.toBe(light)

  // Picked light while the OS is dark: light, and still light after a restart of the page.
  await page.getByLabel('Theme').selectOption({ label: 'Theme: light' })
  expect(await background(page)).toBe(light)
  await page.reload()
  await board.open(BOARD)
  expect(await background(page)).toBe(light)
  await expect(page.getByLabel('Theme')).toHaveValue('light')
  await page.getByLabel('Theme').selectOption({ label: 'Theme: system' })
  expect(await background(page)).toBe(dark)

  const comfortable = await board.card((await board.ids('New enquiry'))[0]!).boundingBox()
  await page.getByLabel('Compact').check()
  const compact = await board.card((await board.ids('New enquiry'))[0]!).boundingBox()
  expect(compact!.height).toBeLessThan(comfortable!.height - 20)
  await expect(board.card((await board.ids('New enquiry'))[0]!).locator('.card__company')).toBeHidden()
})

test('"?" opens the keyboard shortcuts and "/" goes to the search box', async ({ app }) => {
  const page = app.page
  const board = await BoardPage.signedInOn(page, BOARD)
  await board.card((await board.ids('Tour booked'))[0]!).focus()
  await page.keyboard.press('Shift+?')
  const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
  await expect(sheet).toBeVisible()
  await expect(sheet).toContainText('Undo the last move')
  await page.keyboard.press('Escape')
  await expect(sheet).toBeHidden()
  await board.card((await board.ids('Tour booked'))[0]!).focus()
  await page.keyboard.press('/')
  await expect(page.getByLabel('Search', { exact: true })).toBeFocused()
})
