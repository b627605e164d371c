import type { Page } from '@playwright/test'
import { DEMO_USERS, expect, test } from './fixtures'
import { BoardPage } from './pages/board'
import { SignInPage } from './pages/sign-in'
import { SandboxApi } from './support/nexudus'

test.use({ preset: 'large' })

const BOARD = 'Enterprise pipeline'

/** Signs in and opens the 5,000-card board (it takes a while on two cores). */
async function openLarge(page: Page, sandboxUrl: string): Promise<{ api: SandboxApi; board: BoardPage }> {
  const board = new BoardPage(page)
  await new SignInPage(page).signIn(DEMO_USERS.admin.email, DEMO_USERS.admin.password)
  await board.open(BOARD, 30_000)
  return { api: new SandboxApi(sandboxUrl), board }
}

test('in a 5,000-card board, a card dragged to a place not drawn when the drag began lands there', async ({
  app,
  sandboxUrl
}) => {
  test.slow()
  const { api, board } = await openLarge(app.page, sandboxUrl)

  const target = 'Qualified'
  const targetColumn = await api.columnId(BOARD, target)
  const order = await api.openOrder(targetColumn)
  expect(order.length).toBeGreaterThan(500)
  // Far enough down that the windowed stage has not drawn it.
  const afterId = order[60]!
  await expect(board.card(afterId)).toHaveCount(0)
  expect((await board.ids(target)).length).toBeLessThan(60)

  const id = (await board.ids('Lead'))[0]!
  const above = await board.dragBelow(id, target, afterId)
  expect(above).not.toBeNull()
  // Wherever auto-scroll let it go, that place was not drawn when the drag began.
  expect(order.indexOf(above!)).toBeGreaterThanOrEqual(40)
  await expect(board.card(id)).not.toHaveAttribute('data-saving', 'true', { timeout: 20_000 })

  const saved = await api.openOrder(targetColumn)
  expect(saved[saved.indexOf(above!) + 1]).toBe(id)
  const drawn = await board.ids(target)
  expect(drawn[drawn.indexOf(above!) + 1]).toBe(id)
})

test('a windowed stage gives each drawn card its place in what it shows', async ({ app, sandboxUrl }) => {
  test.slow()
  const { api, board } = await openLarge(app.page, sandboxUrl)

  const target = 'Qualified'
  const order = await api.openOrder(await api.columnId(BOARD, target))
  expect(order.length).toBeGreaterThan(500)
  const stage = board.stage(target)
  /** The drawn cards, top to bottom: [id, aria-posinset, aria-setsize]. */
  const places = (): Promise<number[][]> =>
    stage
      .locator('[role="listitem"][data-id]:not(.sortable-fallback)')
      .evaluateAll((els) =>
        els.map((el) => ['data-id', 'aria-posinset', 'aria-setsize'].map((a) => Number(el.getAttribute(a))))
      )
  const inOrder = (drawn: number[][]): number[][] =>
    drawn.map(([id]) => [id!, order.indexOf(id!) + 1, order.length])
  const scrollTo = (where: 'top' | 'middle' | 'bottom'): Promise<void> =>
    stage.locator('[role="list"]').evaluate((list, where) => {
      const scroller = list.parentElement!
      const max = scroller.scrollHeight - scroller.clientHeight
      scroller.scrollTop = where === 'top' ? 0 : where === 'middle' ? max / 2 : max
    }, where)

  const top = await places()
  expect(top.length).toBeLessThan(60)
  expect(top[0]).toEqual([order[0], 1, order.length])
  expect(top).toEqual(inOrder(top))

  await scrollTo('middle')
  await expect.poll(async () => (await places())[0]?.[1] ?? 0).toBeGreaterThan(100)
  const middle = await places()
  expect(middle).toEqual(inOrder(middle))

  await scrollTo('bottom')
  const last = [order.at(-1), order.length, order.length]
  await expect.poll(async () => (await places()).at(-1)).toEqual(last)

  // Filtered by the first card's first name: the places count the cards shown ("x of y" in the
  // stage's header), not all of them. Notes are read on the first search and may add cards.
  await scrollTo('top')
  const name = (await board.card(order[0]!).locator('.card__name').textContent())!.trim().split(' ')[0]!
  const filters = app.page.getByRole('search', { name: 'Filter opportunities' })
  await filters.getByRole('searchbox', { name: 'Search' }).fill(name)
  const count = stage.locator('.stage__count')
  await expect(count).toContainText(` of ${order.length}`)
  const shown = async (): Promise<number> => Number((await count.textContent())!.split(' of ')[0])
  const agree = async (): Promise<boolean> => {
    const n = await shown()
    const drawn = await places()
    return drawn.length > 0 && drawn.every(([, at, size], i) => at === i + 1 && size === n)
  }
  await expect.poll(agree).toBe(true)
  expect(await shown()).toBeLessThan(order.length)
})
