/**
 * The board's one polite live region (LiveAnnouncer.vue) and the way to speak through it. The
 * text is cleared first so the same sentence twice is announced twice.
 */
import { nextTick, ref, type Ref } from 'vue'

const message = ref('')

export function useAnnouncer(): { message: Readonly<Ref<string>>; announce: (text: string) => void } {
  return {
    message,
    announce(text: string) {
      message.value = ''
      void nextTick(() => (message.value = text))
    }
  }
}
