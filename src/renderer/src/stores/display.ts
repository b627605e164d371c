/**
 * How the app looks on this computer: the theme (following the OS unless the user picks light or
 * dark) and the density (comfortable, or compact cards for more on screen). Kept in this
 * computer's storage and applied to the document root, where the styles read them.
 */
import { ref, watch } from 'vue'
import { ITEM_HEIGHT } from '../board/window'
import { acceptHMRUpdate, defineStore } from 'pinia'

export type ThemeChoice = 'system' | 'light' | 'dark'
export type Density = 'comfortable' | 'compact'

const KEY = 'pipeline.display'

/** A card and the gap under it, per density: the stages' windowing counts cards by it. */
export const ITEM_HEIGHTS: Record<Density, number> = { comfortable: ITEM_HEIGHT, compact: 80 }

export function parseDisplay(raw: string | null): { theme: ThemeChoice; density: Density } {
  let v: Record<string, unknown> = {}
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {}
    if (parsed && typeof parsed === 'object') v = parsed as Record<string, unknown>
  } catch {
    // A broken value is no choice: the defaults.
  }
  return {
    theme: v.theme === 'light' || v.theme === 'dark' ? v.theme : 'system',
    density: v.density === 'compact' ? 'compact' : 'comfortable'
  }
}

function read(): string | null {
  try {
    return localStorage.getItem(KEY)
  } catch {
    return null
  }
}

export const useDisplayStore = defineStore('display', () => {
  const initial = parseDisplay(read())
  const theme = ref<ThemeChoice>(initial.theme)
  const density = ref<Density>(initial.density)

  function apply(): void {
    const root = document.documentElement
    if (theme.value === 'system') delete root.dataset.theme
    else root.dataset.theme = theme.value
    root.dataset.density = density.value
  }

  watch(
    [theme, density],
    () => {
      apply()
      try {
        localStorage.setItem(KEY, JSON.stringify({ theme: theme.value, density: density.value }))
      } catch {
        // Not kept, still applied.
      }
    },
    { immediate: true }
  )

  return { theme, density }
})

if (import.meta.hot) import.meta.hot.accept(acceptHMRUpdate(useDisplayStore, import.meta.hot))
