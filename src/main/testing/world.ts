/** Test wiring: a fake Nexudus, a temp userData dir, a session and a client with a fake clock. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AuthState } from '../../shared/bridge'
import { Session, type SecretStore } from '../auth/session'
import { createNexudusClient, type NexudusClient } from '../nexudus/client'
import type { TransportOptions } from '../nexudus/transport'
import { loadSettings, type SettingsStore } from '../settings'
import { fakeSecretStore, startFakeNexudus, type FakeNexudus } from './fake-nexudus'

export const EMAIL = 'ada@example.com'
export const PASSWORD = 'correct horse'

export interface World {
  fake: FakeNexudus
  dir: string
  logs: string[]
  sleeps: number[]
  states: AuthState[]
  clock: { now: number }
  settings: SettingsStore
  session: Session
  client: NexudusClient
  /** A new session and client on the same dir and server, as after an app restart. */
  restart(secretStore?: SecretStore | null): Promise<void>
  signIn(): Promise<AuthState>
  close(): Promise<void>
}

export interface WorldOptions {
  secretStore?: SecretStore | null
  transport?: Partial<TransportOptions>
}

export async function createWorld(options: WorldOptions = {}): Promise<World> {
  const fake = await startFakeNexudus()
  fake.accounts.set(EMAIL, { password: PASSWORD })
  const dir = await mkdtemp(join(tmpdir(), 'pipeline-main-'))
  const logs: string[] = []
  const sleeps: number[] = []
  const states: AuthState[] = []
  const clock = { now: Date.parse('2025-06-01T10:00:00Z') }
  const log = (line: string) => logs.push(line)
  const now = () => clock.now
  // Waits are recorded and skipped, so retry tests are instant and can assert the delays.
  const sleep = async (ms: number) => {
    sleeps.push(ms)
    clock.now += ms
  }

  const build = async (secretStore: SecretStore | null) => {
    const settings = await loadSettings(dir, log)
    const session = new Session({
      userDataDir: dir,
      secretStore,
      settings,
      defaultServer: fake.url,
      now,
      sleep,
      log,
      onChange: (state) => states.push(state)
    })
    const client = createNexudusClient({ session, log, now, sleep, minIntervalMs: 0, ...options.transport })
    return { settings, session, client }
  }

  const world: World = {
    fake,
    dir,
    logs,
    sleeps,
    states,
    clock,
    ...(await build(options.secretStore === undefined ? fakeSecretStore() : options.secretStore)),
    async restart(secretStore = fakeSecretStore()) {
      world.client.close()
      world.session.close()
      await world.session.flush()
      Object.assign(world, await build(secretStore))
      await world.session.restore()
    },
    signIn: () => world.session.signIn({ server: fake.url, email: EMAIL, password: PASSWORD }),
    async close() {
      world.client.close()
      world.session.close()
      await world.session.flush()
      await fake.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
  return world
}
