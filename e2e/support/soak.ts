/**
 * The UI soak's user and bookkeeping (e2e/soak.spec.ts): a seeded user who acts on what the board
 * shows at that moment, 300 ms apart, never waiting for a save; a model of what they asked for;
 * a watcher in the page for how long cards stay unsaved and which messages were shown.
 */
import { expect, type Page } from '@playwright/test'
import { createRng, type Rng } from '../../src/sandbox/prng'
import type { BoardPage } from '../pages/board'
import type { NxRecord, SandboxApi } from './nexudus'

export const OPEN = 1
export const WON = 2
export const LOST = 3

export interface Column {
  Id: number
  Name: string
  WinOpportunity: boolean
  LoseOpportunity: boolean
  /** Moving a card in asks "Confirm stage automation" first. */
  automation: boolean
}

/** What the user asked a card to be, last. */
export interface Intent {
  columnId: number
  status: typeof OPEN | typeof WON | typeof LOST
  lossReason: number | null
}

export type ActionKind = 'drag' | 'reorder' | 'keyboard' | 'won' | 'lost' | 'reopen' | 'refused'

export interface Refusal {
  id: number
  name: string
  action: number
}

export interface SoakLog {
  done: Record<ActionKind, number>
  /** Actions that did not happen in the UI (a drag that landed nowhere, nothing to act on). */
  skipped: number
  lines: string[]
}

/** A stage's automation warnings (src/renderer/src/board/automation.ts), as a yes or no. */
export function hasAutomation(c: Record<string, unknown>): boolean {
  return (
    c.CannedResponseId != null ||
    c.TaskListId != null ||
    c.ConfirmTour === true ||
    c.ActivateAccount === true ||
    c.DeactivateAccount === true ||
    c.DeleteAccount === true
  )
}

export async function readColumns(api: SandboxApi, boardId: number): Promise<Column[]> {
  const columns = await api.list<Record<string, unknown> & { Id: number; Name: string }>(
    '/api/crm/crmboardcolumns',
    { CrmBoardColumn_CrmBoard: boardId }
  )
  return columns
    .sort((a, b) => Number(a.Position ?? 0) - Number(b.Position ?? 0) || a.Id - b.Id)
    .map((c) => ({
      Id: c.Id,
      Name: c.Name,
      WinOpportunity: c.WinOpportunity === true,
      LoseOpportunity: c.LoseOpportunity === true,
      automation: hasAutomation(c)
    }))
}

/** What the board draws now: each stage's drawn cards (top to bottom), and which are unsaved. */
export interface Drawn {
  stages: Record<number, number[]>
  saving: number[]
  sync: Record<number, string>
  /** Open-card count in each stage's header. */
  counts: Record<number, number>
}

export function readBoard(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    const stages: Record<number, number[]> = {}
    const counts: Record<number, number> = {}
    const saving: number[] = []
    const sync: Record<number, string> = {}
    for (const region of document.querySelectorAll<HTMLElement>('section[data-column-id]')) {
      const col = Number(region.dataset.columnId)
      const cards = [
        ...region.querySelectorAll<HTMLElement>('[role="listitem"][data-id]:not(.sortable-fallback)')
      ]
      stages[col] = cards.map((el) => Number(el.dataset.id))
      counts[col] = parseInt(region.querySelector('.stage__count')?.textContent ?? '', 10)
      for (const el of cards) {
        if (el.hasAttribute('data-saving')) saving.push(Number(el.dataset.id))
        if (el.dataset.sync) sync[Number(el.dataset.id)] = el.dataset.sync
      }
    }
    return { stages, saving, sync, counts }
  })
}

/** The closed cards the drawer draws, by zone; the drawer must be open. */
export function readDrawer(page: Page): Promise<{ won: number[]; lost: number[]; saving: number[] }> {
  return page.evaluate(() => {
    const drawer = document.querySelector('[role="dialog"][aria-label="Closed opportunities"]')
    const ids = (zone: string) =>
      [
        ...(drawer?.querySelectorAll<HTMLElement>(
          `[role="region"][aria-label="${zone}"] [role="listitem"][data-id]:not(.sortable-fallback)`
        ) ?? [])
      ].map((el) => Number(el.dataset.id))
    const saving = [...(drawer?.querySelectorAll<HTMLElement>('[data-id][data-saving]') ?? [])].map((el) =>
      Number(el.dataset.id)
    )
    return { won: ids('Won'), lost: ids('Lost'), saving }
  })
}

interface Watch {
  open: Record<string, { since: number; last: number }>
  longest: number
  longestId: number | null
  toasts: { at: number; text: string }[]
}

/**
 * Starts the page-side watcher: every 100 ms, which cards are drawn saving or not saved (a card
 * not drawn keeps the state it was last seen in), and every message (toast) shown.
 */
export async function startWatch(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w: Watch = { open: {}, longest: 0, longestId: null, toasts: [] }
    const seenToasts = new WeakSet<Element>()
    ;(window as unknown as { __soak: Watch }).__soak = w
    setInterval(() => {
      const now = performance.now()
      const seen = new Map<string, boolean>()
      for (const el of document.querySelectorAll<HTMLElement>(
        '[role="listitem"][data-id]:not(.sortable-fallback)'
      )) {
        const id = el.dataset.id!
        const unsaved = el.hasAttribute('data-saving') || el.hasAttribute('data-sync')
        seen.set(id, (seen.get(id) ?? false) || unsaved)
      }
      const close = (id: string, end: number) => {
        const span = w.open[id]!
        if (end - span.since > w.longest) {
          w.longest = end - span.since
          w.longestId = Number(id)
        }
        delete w.open[id]
      }
      for (const [id, unsaved] of seen) {
        const span = w.open[id]
        if (unsaved && span === undefined) w.open[id] = { since: now, last: now }
        else if (unsaved) span!.last = now
        else if (span !== undefined) close(id, now)
      }
      // A card no longer drawn (scrolled away, or gone to the closed drawer): its time counts up
      // to when it was last seen unsaved, and starts again if it is seen unsaved again.
      for (const id of Object.keys(w.open)) if (!seen.has(id)) close(id, w.open[id]!.last)
      for (const el of document.querySelectorAll('.toast__text')) {
        if (seenToasts.has(el)) continue
        seenToasts.add(el)
        w.toasts.push({ at: now, text: el.textContent ?? '' })
      }
    }, 100)
  })
}

export async function readWatch(
  page: Page
): Promise<{ longestMs: number; longestId: number | null; stillOpen: number[]; toasts: string[] }> {
  return page.evaluate(() => {
    const w = (window as unknown as { __soak: Watch }).__soak
    const now = performance.now()
    let longest = w.longest
    let longestId = w.longestId
    for (const [id, { since }] of Object.entries(w.open)) {
      if (now - since > longest) {
        longest = now - since
        longestId = Number(id)
      }
    }
    return {
      longestMs: Math.round(longest),
      longestId,
      stillOpen: Object.keys(w.open).map(Number),
      toasts: w.toasts.map((t) => t.text)
    }
  })
}

/** Where card `id`'s placeholder is when the mouse button goes up: its stage and index. */
async function watchRelease(page: Page, id: number): Promise<void> {
  await page.evaluate((id) => {
    const seen = window as unknown as { __released?: { columnId: number; index: number } | null }
    seen.__released = null
    const read = () => {
      const el = document.querySelector(`[role="listitem"][data-id="${id}"]:not(.sortable-fallback)`)
      const region = el?.closest<HTMLElement>('section[data-column-id]')
      if (!el || !region) return
      const ids = [
        ...region.querySelectorAll<HTMLElement>('[role="listitem"][data-id]:not(.sortable-fallback)')
      ].map((c) => Number(c.dataset.id))
      seen.__released = { columnId: Number(region.dataset.columnId), index: ids.indexOf(id) }
    }
    window.addEventListener('pointerup', read, { capture: true, once: true })
  }, id)
}

const released = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { __released?: { columnId: number; index: number } | null }).__released ?? null
  )

export interface SoakOptions {
  page: Page
  board: BoardPage
  seed: number
  columns: Column[]
  /** The stage that refuses cards moved into it. */
  refusing: number
  /** Every card of the board as the sandbox had it before the first action. */
  original: Map<number, NxRecord>
}

/** The user: picks what to do from what is on screen, does it through the UI, keeps the model. */
export class SoakUser {
  readonly rng: Rng
  readonly model = new Map<number, Intent>()
  readonly refusals: Refusal[] = []
  readonly log: SoakLog = {
    done: { drag: 0, reorder: 0, keyboard: 0, won: 0, lost: 0, reopen: 0, refused: 0 },
    skipped: 0,
    lines: []
  }
  private action = 0
  private readonly page: Page
  private readonly board: BoardPage

  constructor(private readonly o: SoakOptions) {
    this.rng = createRng(o.seed)
    this.page = o.page
    this.board = o.board
  }

  private col = (id: number): Column => this.o.columns.find((c) => c.Id === id)!
  private get openColumns(): Column[] {
    return this.o.columns.filter((c) => !c.WinOpportunity && !c.LoseOpportunity)
  }
  private get wonColumn(): Column {
    return this.o.columns.find((c) => c.WinOpportunity)!
  }
  private get lostColumn(): Column {
    return this.o.columns.find((c) => c.LoseOpportunity)!
  }

  private note(text: string): void {
    this.log.lines.push(`#${this.action} ${text}`)
  }

  /** Where the user last put card `id`, or where it started. */
  intentOf(id: number): Intent {
    const had = this.model.get(id)
    if (had) return had
    const r = this.o.original.get(id)!
    return { columnId: r.CrmBoardColumnId, status: r.Status as Intent['status'], lossReason: null }
  }

  /** Never dropped into the refusing stage: a card that started there (its move would be a reorder). */
  private mayBeRefused(id: number): boolean {
    return this.o.original.get(id)?.CrmBoardColumnId !== this.o.refusing
  }

  /**
   * Cards the user may act on: every open card drawn, saving or not, a card whose refused move is
   * still out included (its next move still goes, and the refused one changes nothing).
   */
  private async candidates(): Promise<{ id: number; columnId: number; index: number }[]> {
    const drawn = await readBoard(this.page)
    const out: { id: number; columnId: number; index: number }[] = []
    for (const [col, ids] of Object.entries(drawn.stages))
      ids.forEach((id, index) => out.push({ id, columnId: Number(col), index }))
    return out
  }

  /** One action, chosen by the seed among what the board shows now. */
  async act(): Promise<void> {
    this.action++
    const kind = this.rng.weighted<ActionKind>([
      ['drag', 28],
      ['reorder', 12],
      ['keyboard', 18],
      ['won', 8],
      ['lost', 8],
      ['reopen', 12],
      ['refused', 8]
    ])
    try {
      const did =
        kind === 'reopen'
          ? await this.reopen()
          : kind === 'keyboard'
            ? await this.keyboard()
            : await this.drag(kind)
      if (did) this.log.done[did]++
      else this.log.skipped++
    } catch (error) {
      this.log.skipped++
      this.note(`${kind} failed in the test: ${(error as Error).message.split('\n')[0]}`)
      await this.page.mouse.up().catch(() => {})
      await this.page.keyboard.press('Escape').catch(() => {})
    }
  }

  private async nameOf(id: number): Promise<string> {
    return (
      (await this.page
        .locator(
          `[data-id="${id}"]:not(.sortable-fallback) .card__name, [data-id="${id}"] .closed-card__name`
        )
        .first()
        .textContent({ timeout: 1_000 })
        .catch(() => null)) ?? `#${id}`
    ).trim()
  }

  /** Answers the dialogs a move into `columnId` brings up; false if one that should came not. */
  private async answerDialogs(columnId: number, id: number): Promise<{ ok: boolean; reason: number | null }> {
    const column = this.col(columnId)
    if (column.automation) {
      const confirm = this.page.getByRole('alertdialog', { name: 'Confirm stage automation' })
      try {
        await expect(confirm).toBeVisible({ timeout: 3_000 })
      } catch {
        this.note(`card ${id} into ${column.Name}: no automation dialog`)
        return { ok: false, reason: null }
      }
      await confirm.getByRole('button', { name: 'Move anyway' }).click()
    }
    if (column.LoseOpportunity) {
      const dialog = this.page.getByRole('dialog', { name: 'Why was it lost?' })
      try {
        await expect(dialog).toBeVisible({ timeout: 3_000 })
      } catch {
        this.note(`card ${id} into ${column.Name}: no loss-reason dialog`)
        return { ok: false, reason: null }
      }
      const select = dialog.getByLabel('Loss reason')
      const options = await select
        .locator('option:not([disabled])')
        .evaluateAll((els) =>
          els.map((el) => ({ value: Number((el as HTMLOptionElement).value), label: el.textContent!.trim() }))
        )
      const pick = this.rng.pick(options)
      await select.selectOption({ label: pick.label })
      await dialog.getByRole('button', { name: 'Mark as lost' }).click()
      return { ok: true, reason: pick.value }
    }
    return { ok: true, reason: null }
  }

  /** The model after a move of `id` into `columnId` the UI took. */
  private async entered(id: number, columnId: number, how: string): Promise<ActionKind | null> {
    const column = this.col(columnId)
    const name = await this.nameOf(id)
    const { ok, reason } = await this.answerDialogs(columnId, id)
    if (!ok) return null
    if (columnId === this.o.refusing) {
      this.refusals.push({ id, name, action: this.action })
      this.note(`${how} ${id} (${name}) into ${column.Name}: refused, a no-op`)
      return 'refused'
    }
    const intent: Intent = column.WinOpportunity
      ? { columnId, status: WON, lossReason: null }
      : column.LoseOpportunity
        ? { columnId, status: LOST, lossReason: reason }
        : { columnId, status: OPEN, lossReason: null }
    this.model.set(id, intent)
    this.note(`${how} ${id} (${name}) into ${column.Name}${reason !== null ? `, reason ${reason}` : ''}`)
    return column.WinOpportunity
      ? 'won'
      : column.LoseOpportunity
        ? 'lost'
        : how === 'key'
          ? 'keyboard'
          : 'drag'
  }

  /** A mouse drag: to another open stage, within the stage, to Won, to Lost, or to the refusing stage. */
  private async drag(kind: ActionKind): Promise<ActionKind | null> {
    const all = await this.candidates()
    const drawn = await readBoard(this.page)
    let choices = all
    let target: Column
    const pickFrom = () => (choices.length ? this.rng.pick(choices) : null)
    let card: { id: number; columnId: number; index: number } | null
    if (kind === 'reorder') {
      choices = all.filter((c) => (drawn.stages[c.columnId]?.length ?? 0) > 1)
      card = pickFrom()
      if (!card) return null
      target = this.col(card.columnId)
    } else if (kind === 'won' || kind === 'lost') {
      card = pickFrom()
      if (!card) return null
      target = kind === 'won' ? this.wonColumn : this.lostColumn
    } else if (kind === 'refused') {
      choices = all.filter((c) => c.columnId !== this.o.refusing && this.mayBeRefused(c.id))
      card = pickFrom()
      if (!card) return null
      target = this.col(this.o.refusing)
    } else {
      card = pickFrom()
      if (!card) return null
      const others = this.openColumns.filter((c) => c.Id !== card!.columnId && c.Id !== this.o.refusing)
      target = this.rng.pick(others)
    }
    const there = (drawn.stages[target.Id] ?? []).filter((id) => id !== card.id)
    // Within what is drawn near the top of the stage: a person drops where they can see.
    let index = this.rng.int(0, Math.min(there.length, 6))
    if (target.Id === card.columnId && index === card.index) index = index === 0 ? 1 : index - 1
    await watchRelease(this.page, card.id)
    try {
      await this.board.drag(card.id, target.Name, index)
    } catch (error) {
      await this.page.mouse.up()
      this.note(`drag ${card.id}: ${(error as Error).message.split('\n')[0]}`)
    }
    const landed = await released(this.page)
    if (!landed) {
      this.note(`drag ${card.id} to ${target.Name}: dropped outside any stage, nothing happened`)
      return null
    }
    if (landed.columnId === card.columnId) {
      if (landed.index === card.index) {
        this.note(`drag ${card.id}: dropped back in place, nothing happened`)
        return null
      }
      // A reorder: the card stays in its stage; the model has nothing new but that it was touched.
      this.model.set(card.id, this.intentOf(card.id))
      this.note(
        `reorder ${card.id} in ${this.col(card.columnId).Name}: ${card.index} → ${landed.index}${landed.columnId !== target.Id ? ' (meant another stage)' : ''}`
      )
      return 'reorder'
    }
    if (landed.columnId === this.o.refusing && !this.mayBeRefused(card.id)) {
      // Cannot happen by choice (see mayBeRefused); a drag that strayed there is noted and not modelled.
      this.note(`drag ${card.id}: strayed into the refusing stage it started in; model unsure`)
    }
    return this.entered(card.id, landed.columnId, 'drag')
  }

  /** Space, arrows, Space on a focused card, as keyboard.ts has it. */
  private async keyboard(): Promise<ActionKind | null> {
    const card = this.rng.pick(await this.candidates())
    const keys = this.page.keyboard
    await this.board.card(card.id).focus()
    await keys.press('Space')
    const sideways = this.rng.int(-2, 2)
    const vertical = this.rng.int(-2, 2)
    for (let i = 0; i < Math.abs(sideways); i++) await keys.press(sideways < 0 ? 'ArrowLeft' : 'ArrowRight')
    for (let i = 0; i < Math.abs(vertical); i++) await keys.press(vertical < 0 ? 'ArrowUp' : 'ArrowDown')
    const at = await this.page.evaluate((id) => {
      const el = document.querySelector(`[role="listitem"][data-id="${id}"].card--lifted`)
      const region = el?.closest<HTMLElement>('section[data-column-id]')
      if (!el || !region) return null
      const ids = [
        ...region.querySelectorAll<HTMLElement>('[role="listitem"][data-id]:not(.sortable-fallback)')
      ].map((c) => Number(c.dataset.id))
      return { columnId: Number(region.dataset.columnId), index: ids.indexOf(id) }
    }, card.id)
    if (!at) {
      this.note(`key ${card.id}: not lifted, nothing happened`)
      await keys.press('Escape')
      return null
    }
    if (at.columnId === this.o.refusing && !this.mayBeRefused(card.id) && at.columnId !== card.columnId) {
      await keys.press('Escape')
      this.note(`key ${card.id}: would go back into the refusing stage it started in; cancelled`)
      return null
    }
    await keys.press('Space')
    if (at.columnId === card.columnId) {
      if (at.index === card.index) {
        this.note(`key ${card.id}: dropped where it was`)
        return null
      }
      this.model.set(card.id, this.intentOf(card.id))
      this.note(`key ${card.id} in ${this.col(card.columnId).Name}: ${card.index} → ${at.index}`)
      return 'keyboard'
    }
    const did = await this.entered(card.id, at.columnId, 'key')
    return did === 'drag' ? 'keyboard' : did
  }

  /** Opens the Won / Lost drawer, reopens a closed card into an open stage with "Move to…", closes it. */
  private async reopen(): Promise<ActionKind | null> {
    const page = this.page
    await page.getByRole('button', { name: 'Won / Lost' }).click()
    const drawer = page.getByRole('dialog', { name: 'Closed opportunities' })
    await expect(drawer).toBeVisible()
    try {
      const closed = await readDrawer(page)
      const ids = [...closed.won, ...closed.lost]
      if (!ids.length) return null
      const id = this.rng.pick(ids)
      const intent = this.intentOf(id)
      const stages = this.openColumns.filter((c) => c.Id !== this.o.refusing || this.mayBeRefused(id))
      const target = this.rng.pick(stages)
      const item = drawer.locator(`[role="listitem"][data-id="${id}"]`)
      const name = await this.nameOf(id)
      await item.scrollIntoViewIfNeeded()
      await item.hover()
      await item.getByRole('button', { name: 'Move to…' }).click()
      const menu = page.getByRole('menu')
      await menu.getByRole('menuitem', { name: target.Name, exact: true }).click()
      const { ok } = await this.answerDialogs(target.Id, id)
      if (!ok) return null
      if (target.Id === this.o.refusing) {
        this.refusals.push({ id, name, action: this.action })
        this.note(`reopen ${id} (${name}, was ${intent.status}) into ${target.Name}: refused, a no-op`)
        return 'refused'
      }
      this.model.set(id, { columnId: target.Id, status: OPEN, lossReason: null })
      this.note(`reopen ${id} (${name}, was ${intent.status}) into ${target.Name}`)
      return 'reopen'
    } finally {
      if (await drawer.isVisible()) await drawer.getByRole('button', { name: 'Close' }).click()
    }
  }
}
