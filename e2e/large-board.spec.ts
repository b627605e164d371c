import { DEMO_USERS, expect, test } from './fixtures'
import { BoardPage } from './pages/board'
import { SignInPage } from './pages/sign-in'
import { SandboxApi } from './support/nexudus'

test.use({ preset: 'large' })

const BOARD = 'Enterprise pipeline'

test('in a 5,000-card board, a card dragged to a place not drawn when the drag began lands there', async ({
  app,
  sandboxUrl
}) => {
  test.slow()
  const api = new SandboxApi(sandboxUrl)
  const board = new BoardPage(app.page)
  await new SignInPage(app.page).signIn(DEMO_USERS.admin.email, DEMO_USERS.admin.password)
  await board.open(BOARD, 30_000)

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
