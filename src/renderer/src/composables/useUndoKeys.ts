/**
 * Ctrl+Z / Ctrl+Shift+Z (⌘ on macOS; Ctrl+Y too) and the application menu's Edit → Undo / Redo:
 * in a text field they undo its text (the browser's own undo); anywhere else on the board, the
 * last move or won/lost (a server write, store.undo). A modal dialog keeps the keys to itself.
 * In Electron the keys may reach both the page and the menu: one press is acted on once.
 * Focus on the card sent back follows it to its old place (its element is drawn anew there).
 */
import { nextTick, onBeforeUnmount } from 'vue'
import { useEventListener } from '@vueuse/core'
import { subscribe } from '../services/api'
import { redone, undone } from '../board/history'
import type { useBoardStore } from '../stores/board'

type Command = 'undo' | 'redo'

const EDITABLE = 'input, textarea, select, [contenteditable="true"]'
/** The Won / Lost drawer is not modal: a move made from it can be undone. */
const MODAL = '[role="dialog"]:not([aria-modal="false"]), [role="alertdialog"]'
/** The menu's command for a key press arrives just after the press itself. */
const SAME_PRESS_MS = 300

export function commandOf(
  event: Pick<KeyboardEvent, 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'key'>
): Command | null {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return null
  const key = event.key.toLowerCase()
  if (key === 'z') return event.shiftKey ? 'redo' : 'undo'
  if (key === 'y' && !event.shiftKey) return 'redo'
  return null
}

export function useUndoKeys(
  store: ReturnType<typeof useBoardStore>,
  focusCard: (id: number) => boolean
): void {
  let last: { command: Command; at: number } | null = null

  /** True when the board (not a field, not a dialog) should take the command. */
  function forBoard(target: Element | null): boolean {
    if (target?.closest(EDITABLE)) return false
    return !document.querySelector(MODAL)
  }

  /** Only when focus fell to the page: a user who focused something else keeps it. */
  async function refocus(id: number): Promise<void> {
    await nextTick()
    const active = document.activeElement
    if (!active || active === document.body || !active.isConnected) focusCard(id)
  }

  function run(command: Command): void {
    last = { command, at: Date.now() }
    const step = (command === 'redo' ? redone : undone)(store.history)?.step
    const focused = step !== undefined && document.activeElement?.closest(`[data-id="${step.id}"]`)
    const done = command === 'redo' ? store.redo() : store.undo()
    if (!step || !focused) return
    // Once when the card is drawn in its old place, again if a refusal puts it back.
    void refocus(step.id)
    void done.then(() => refocus(step.id))
  }

  useEventListener(window, 'keydown', (event: KeyboardEvent) => {
    const command = commandOf(event)
    if (!command || !forBoard(event.target as Element | null)) return
    event.preventDefault()
    run(command)
  })

  const stop = subscribe('app.command', ({ command }) => {
    if (last && last.command === command && Date.now() - last.at < SAME_PRESS_MS) return
    const focused = document.activeElement
    if (focused?.closest(EDITABLE)) {
      // The menu took the keys from a text field: its own undo, as the Edit menu's role would do.
      document.execCommand(command)
      return
    }
    if (forBoard(focused)) run(command)
  })
  onBeforeUnmount(stop)
}
