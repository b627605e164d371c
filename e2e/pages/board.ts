import { expect, type Locator, type Page } from '@playwright/test'
import { DEMO_USERS } from '../../src/sandbox'
import { SignInPage } from './sign-in'

/** The board, by the names of the accessibility contract, and a real-mouse drag. */
export class BoardPage {
  constructor(readonly page: Page) {}

  ready = (): Locator => this.page.locator('[data-state="ready"]')
  picker = (): Locator => this.page.getByRole('combobox', { name: 'Board' })
  stage = (name: string): Locator => this.page.getByRole('region', { name, exact: true })
  card = (id: number): Locator =>
    this.page.locator(`[role="listitem"][data-id="${id}"]:not(.sortable-fallback)`)
  alert = (): Locator => this.page.getByRole('alert')

  /** Signs in as the demo admin and opens `boardName`: where most specs start. */
  static async signedInOn(page: Page, boardName: string): Promise<BoardPage> {
    const board = new BoardPage(page)
    await new SignInPage(page).signIn(DEMO_USERS.admin.email, DEMO_USERS.admin.password)
    await board.open(boardName)
    return board
  }

  async open(boardName: string, timeout = 7_000): Promise<void> {
    await this.picker().selectOption({ label: boardName })
    await expect(this.ready()).toBeVisible({ timeout })
    await expect(this.ready()).toContainText(boardName, { timeout })
    // A board first drawn from the saved snapshot can't be edited until the server's arrives.
    await expect(this.ready()).not.toHaveAttribute('data-source', 'cache', { timeout })
  }

  /** Ids of the open cards drawn in a stage, top to bottom. */
  async ids(stageName: string): Promise<number[]> {
    return this.stage(stageName)
      .locator('[role="listitem"][data-id]:not(.sortable-fallback)')
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-id'))))
  }

  /** Presses on card `id` and moves past SortableJS's drag threshold: the drag has begun. */
  private async pickUp(id: number): Promise<void> {
    const { mouse } = this.page
    await this.card(id).scrollIntoViewIfNeeded()
    const source = await this.card(id).boundingBox()
    if (!source) throw new Error(`card ${id} is not drawn`)
    const x = source.x + source.width / 2
    const y = source.y + source.height / 2
    await mouse.move(x, y)
    await mouse.down()
    await mouse.move(x + 8, y + 8, { steps: 4 })
  }

  /** Where a card, or a stage's list, is on screen, clipped to what its scroll containers show. */
  private async geometry(stageName: string, cardId: number | null) {
    return this.stage(stageName).evaluate((region, cardId) => {
      const list = region.querySelector('[role="list"]') ?? region
      const target =
        cardId === null ? list : region.querySelector(`[data-id="${cardId}"]:not(.sortable-fallback)`)
      if (!target) return null
      let view = { top: 0, bottom: window.innerHeight, left: 0, right: window.innerWidth }
      for (let el: Element | null = list; el; el = el.parentElement) {
        const style = getComputedStyle(el)
        if (/(auto|scroll)/.test(style.overflowY + style.overflowX)) {
          const r = el.getBoundingClientRect()
          view = {
            top: Math.max(view.top, r.top),
            bottom: Math.min(view.bottom, r.bottom),
            left: Math.max(view.left, r.left),
            right: Math.min(view.right, r.right)
          }
        }
      }
      const r = target.getBoundingClientRect()
      return { top: r.top, bottom: r.bottom, x: r.left + r.width / 2, view }
    }, cardId)
  }

  /**
   * Drags card `id` with the mouse into `stageName` so that it lands at `index` among that stage's
   * cards, watching where SortableJS puts its placeholder before letting go, as a person would.
   * A target outside the visible part of a stage is reached by holding the pointer at its edge,
   * where auto-scroll takes over.
   */
  async drag(id: number, stageName: string, index: number): Promise<void> {
    const { mouse } = this.page
    await this.pickUp(id)

    for (let attempt = 0; attempt < 120; attempt++) {
      const ids = await this.ids(stageName)
      const now = ids.indexOf(id)
      if (now === index) break
      const others = ids.filter((other) => other !== id)
      const down = now !== -1 && now < index
      const anchor =
        others.length === 0 ? null : (others[down ? index - 1 : Math.min(index, others.length - 1)] ?? null)
      const g = await this.geometry(stageName, anchor)
      if (!g) throw new Error(`stage ${stageName} is not drawn`)
      const wanted =
        anchor === null ? (g.top + g.bottom) / 2 : down || index >= others.length ? g.bottom - 6 : g.top + 6
      const y = Math.min(Math.max(wanted, g.view.top + 3), g.view.bottom - 3)
      const x = Math.min(Math.max(g.x, g.view.left + 10), g.view.right - 10)
      await mouse.move(x, y, { steps: attempt === 0 ? 20 : 3 })
      // Held at an edge, SortableJS scrolls the stage; give it a moment.
      if (y !== wanted) await this.page.waitForTimeout(60)
    }
    await mouse.up()
  }

  /**
   * Drags card `id` into `stageName` to just below `afterId`, which need not be drawn when the drag
   * starts: the pointer is held at the bottom edge of the stage, where auto-scroll brings further
   * cards in, until `afterId` is on screen; then the placeholder is put right after it.
   */
  async dragBelow(
    id: number,
    stageName: string,
    afterId: number,
    timeoutMs = 60_000
  ): Promise<number | null> {
    const { mouse } = this.page
    await this.pickUp(id)
    const deadline = Date.now() + timeoutMs
    let first = true
    while (Date.now() < deadline) {
      const ids = await this.ids(stageName)
      const at = ids.indexOf(id)
      if (at > 0 && ids[at - 1] === afterId) {
        // SortableJS re-places the placeholder under a still pointer every 50 ms (fallback mode), so
        // a place is only taken once it has held for a few of those.
        await this.page.waitForTimeout(250)
        const again = await this.ids(stageName)
        const now = again.indexOf(id)
        if (now > 0 && again[now - 1] === afterId) break
        continue
      }
      const anchor = ids.includes(afterId) ? afterId : null
      const g = await this.geometry(stageName, anchor)
      // Auto-scroll may have moved the anchor out of the drawn window since `ids`: look again.
      if (!g && anchor !== null) continue
      if (!g) throw new Error(`stage ${stageName} is not drawn`)
      // Past the anchor, and clear of the edge band where auto-scroll would keep going, unless the
      // anchor is the last card drawn: then nothing is below it to scroll to, and the pointer
      // must stay on it or the placeholder goes above it.
      const others = ids.filter((other) => other !== id)
      const last = anchor !== null && others[others.length - 1] === anchor
      const wanted =
        anchor === null
          ? g.view.bottom - 3
          : last
            ? g.bottom - 8
            : Math.min(g.bottom - 8, g.view.bottom - 100)
      const y = Math.min(Math.max(wanted, g.view.top + 3), g.view.bottom - 3)
      await mouse.move(g.x, y, { steps: first ? 20 : 2 })
      first = false
      await this.page.waitForTimeout(anchor === null ? 50 : 20)
    }
    // Where the placeholder is when the button is released is where the user dropped it. Read in
    // the release itself (SortableJS may still re-place it between a read here and the release).
    await this.stage(stageName).evaluate((region, id) => {
      const seen = window as unknown as { __aboveAtRelease?: number | null }
      delete seen.__aboveAtRelease
      const read = () => {
        const ids = [...region.querySelectorAll('[role="listitem"][data-id]:not(.sortable-fallback)')].map(
          (el) => Number(el.getAttribute('data-id'))
        )
        const at = ids.indexOf(id)
        seen.__aboveAtRelease = at > 0 ? (ids[at - 1] ?? null) : null
      }
      window.addEventListener('pointerup', read, { capture: true, once: true })
    }, id)
    await mouse.up()
    return this.page.evaluate(
      () => (window as unknown as { __aboveAtRelease?: number | null }).__aboveAtRelease ?? null
    )
  }
}
