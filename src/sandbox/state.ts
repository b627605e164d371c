/** Everything one running sandbox remembers: data, tokens, switches, logs. `resetState` starts it over. */
import { createClock, type Clock } from './dates'
import { DEFAULT_SEED, LARGE_BOARD_SIZE, seedDataset, todayUtcMidnight, type Preset } from './data/seed'
import { createIdSource, createRng, type Rng } from './prng'
import { defaultSwitches, type Switches } from './switches'
import type { Dataset, Kind } from './types'

export interface RequestLogEntry {
  method: string
  path: string
  query: Record<string, string>
  /** 0: the connection was dropped without an answer. */
  status: number
  at: string
  /** A PUT's record Id (from its body), so tests can tell which record each write was for. */
  recordId?: number
}

/** A stage automation the real server might run; the sandbox only records it (API doc §12). */
export interface ActionLogEntry {
  at: string
  opportunityId: number
  columnId: number
  columnName: string
  action:
    | 'WinOpportunity'
    | 'LoseOpportunity'
    | 'SendCannedResponse'
    | 'CreateTaskList'
    | 'ActivateAccount'
    | 'DeactivateAccount'
    | 'DeleteAccount'
    | 'ConfirmTour'
  /** true: its field effects were applied (Status/WonOn/LostOn/Completed); false: recorded only. */
  applied: boolean
  detail: Record<string, unknown>
  by: string | null
}

export interface AccessToken {
  userId: number
  clientId: string
  expiresAtMs: number
}

export interface RefreshToken {
  userId: number
  clientId: string
  expiresAtMs: number
}

export interface StateOptions {
  preset?: Preset
  seed?: number
  /** ISO date or ms; seed times are relative to it. Default: today's UTC midnight. */
  anchor?: string | number
  /** Size of the large preset's board (default 5,000). */
  largeSize?: number
}

export interface SandboxState {
  preset: Preset
  seed: number
  anchorMs: number
  largeSize: number
  data: Dataset
  switches: Switches
  clock: Clock
  access: Map<string, AccessToken>
  refresh: Map<string, RefreshToken>
  /** Every access and refresh token handed out since the last reset, so tests can hunt for leaks. */
  issued: string[]
  /** Request times per (token, read|write), for the quotas. */
  throttle: Map<string, number[]>
  requests: RequestLogEntry[]
  actions: ActionLogEntry[]
  faultRng: Rng
  newId: () => number
}

function anchorOf(anchor: string | number | undefined): number {
  if (anchor === undefined) return todayUtcMidnight()
  const ms = typeof anchor === 'number' ? anchor : Date.parse(anchor)
  if (Number.isNaN(ms)) throw new Error(`anchor is not a date: ${anchor}`)
  return ms
}

export function createState(options: StateOptions = {}): SandboxState {
  const state = {} as SandboxState
  resetState(state, options)
  return state
}

export function resetState(state: SandboxState, options: StateOptions = {}): SandboxState {
  const preset = options.preset ?? 'demo'
  const seed = options.seed ?? DEFAULT_SEED
  const anchorMs = anchorOf(options.anchor)
  const largeSize = options.largeSize ?? LARGE_BOARD_SIZE
  const data = seedDataset({ preset, seed, anchorMs, largeSize })
  const ids = createIdSource(createRng(seed ^ 0x0b5e55ed))
  const kinds = Object.keys(data) as Kind[]
  Object.assign(state, {
    preset,
    seed,
    anchorMs,
    largeSize,
    data,
    switches: defaultSwitches(),
    access: new Map(),
    refresh: new Map(),
    issued: [],
    throttle: new Map(),
    requests: [],
    actions: [],
    faultRng: createRng(seed ^ 0xfa17),
    newId: () => ids((id) => kinds.some((kind) => data[kind].has(id)))
  } satisfies Omit<SandboxState, 'clock'>)
  state.clock = createClock(() => state.switches.clockOffsetMs)
  return state
}
