import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSettings, parseSettings, SETTINGS_FILE } from './settings'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pipeline-settings-'))
})
afterEach(() => rm(dir, { recursive: true, force: true }))

describe('settings', () => {
  it('starts empty, saves atomically and reads back', async () => {
    const settings = await loadSettings(dir)
    expect(settings.get()).toEqual({})
    await settings.update({ server: 'https://spaces.nexudus.com', lastEmail: 'a@b.c', lastBoardId: 12 })
    expect(await readdir(dir)).toEqual([SETTINGS_FILE])
    const again = await loadSettings(dir)
    expect(again.get()).toEqual({ server: 'https://spaces.nexudus.com', lastEmail: 'a@b.c', lastBoardId: 12 })
  })

  it('creates the client id once and keeps it', async () => {
    const settings = await loadSettings(dir)
    const [a, b] = await Promise.all([settings.clientId(), settings.clientId()])
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    expect(b).toBe(a)
    expect(await (await loadSettings(dir)).clientId()).toBe(a)
  })

  it('survives a corrupt file', async () => {
    await writeFile(join(dir, SETTINGS_FILE), '{"server": "https://x.example", ')
    const lines: string[] = []
    const settings = await loadSettings(dir, (line) => lines.push(line))
    expect(settings.get()).toEqual({})
    await settings.update({ lastEmail: 'a@b.c' })
    expect(JSON.parse(await readFile(join(dir, SETTINGS_FILE), 'utf8'))).toEqual({ lastEmail: 'a@b.c' })
  })

  it('drops only the fields that do not validate', () => {
    expect(
      parseSettings(
        JSON.stringify({
          server: 'javascript:alert(1)',
          lastEmail: 'a@b.c',
          lastBoardId: 'x',
          clientId: 'no',
          extra: 1
        })
      )
    ).toEqual({ lastEmail: 'a@b.c' })
    expect(parseSettings('[]')).toEqual({})
    expect(parseSettings('null')).toEqual({})
  })

  it('removes a key set to undefined', async () => {
    const settings = await loadSettings(dir)
    await settings.update({ lastBoardId: 3 })
    await settings.update({ lastBoardId: undefined })
    expect((await loadSettings(dir)).get()).toEqual({})
  })
})
