/** The board's passing messages (ToastRegion draws them); each may carry one button. */
import { ref } from 'vue'

export interface Toast {
  id: number
  text: string
  tone: 'error' | 'info'
  /** A button beside the text (e.g. "Undo"); the toast goes once it is pressed. */
  action?: { label: string; run: () => void }
}

export function createToasts() {
  const toasts = ref<Toast[]>([])
  let seq = 0
  function notify(text: string, tone: Toast['tone'] = 'error', action?: Toast['action']): number {
    const id = ++seq
    toasts.value = [...toasts.value, { id, text, tone, ...(action ? { action } : {}) }]
    return id
  }
  function dismissToast(id: number): void {
    toasts.value = toasts.value.filter((t) => t.id !== id)
  }
  return { toasts, notify, dismissToast }
}

export type Toasts = ReturnType<typeof createToasts>
