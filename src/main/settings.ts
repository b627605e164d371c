/**
 * The app's small, non-secret preferences (settings.json in userData). A damaged or hand-edited
 * file never stops the app: each field that does not validate is dropped on its own.
 */
import { randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { ServerUrl } from '../shared/bridge'
import { NxId } from '../shared/nexudus'
import { writeFileAtomic } from './fs-atomic'

export const SETTINGS_FILE = 'settings.json'

const SettingsSchema = z.object({
  /** Sent as the `client_id` header on every token request (API doc §1.1). */
  clientId: z.uuid().optional().catch(undefined),
  server: ServerUrl.optional().catch(undefined),
  lastEmail: z.string().max(320).optional().catch(undefined),
  lastBoardId: NxId.optional().catch(undefined)
})
export type Settings = z.infer<typeof SettingsSchema>

export interface SettingsStore {
  get(): Settings
  /** Merges the patch (undefined removes a key) and saves; a failed save is logged, not thrown. */
  update(patch: Partial<Settings>): Promise<Settings>
  /** The per-install client id, created and saved the first time it is asked for. */
  clientId(): Promise<string>
}

export function parseSettings(text: string): Settings {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return {}
  }
  const parsed = SettingsSchema.safeParse(raw)
  return parsed.success ? stripUndefined(parsed.data) : {}
}

function stripUndefined(settings: Settings): Settings {
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as Settings
}

export async function loadSettings(userDataDir: string, log: (line: string) => void = () => {}) {
  const file = join(userDataDir, SETTINGS_FILE)
  let current: Settings = {}
  try {
    current = parseSettings(await readFile(file, 'utf8'))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      log(`settings: could not read ${file}; using defaults`)
  }

  // Saves run one after another so an older snapshot can never overwrite a newer one.
  let saving: Promise<void> = Promise.resolve()
  const save = (snapshot: Settings) => {
    saving = saving
      .then(() => writeFileAtomic(file, JSON.stringify(snapshot, null, 2) + '\n'))
      .catch((error: unknown) => log(`settings: could not save (${(error as Error).message})`))
    return saving
  }

  const store: SettingsStore = {
    get: () => ({ ...current }),
    async update(patch) {
      current = stripUndefined({ ...current, ...patch })
      await save(current)
      return { ...current }
    },
    async clientId() {
      if (!current.clientId) await store.update({ clientId: randomUUID() })
      return current.clientId as string
    }
  }
  return store
}
