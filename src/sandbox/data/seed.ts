/**
 * The demo workspace, generated from a seed: the same (preset, seed, anchor) always gives
 * byte-identical data. Times are relative to `anchorMs` (default: today's UTC midnight) so due
 * dates stay realistic (some overdue, some ahead) on whatever day the demo runs.
 */
import { formatNx } from '../dates'
import { createIdSource, createRng, type Rng } from '../prng'
import type { BaseRecord, Board, Business, Column, ColumnFlag, Coworker, Dataset, History } from '../types'
import { COLUMN_FLAGS, emptyDataset, type Opportunity, type OpportunityType } from '../types'
import {
  AGENCIES,
  CITIES,
  COMPANIES,
  FIRST_NAMES,
  LAST_NAMES,
  NOTE_LINES,
  OPPORTUNITY_TAGS,
  UTM
} from './names'
import { USER_SEEDS } from './users'
import {
  AGENT_SOURCES,
  DUBLIN,
  EVENTS_ARCHIVED,
  LARGE,
  LEAD_SOURCES,
  LOSS_REASONS,
  MEMBERSHIPS,
  NOTES_TEMPLATES,
  PRIVATE_OFFICES,
  REFERRAL_SOURCES,
  UTM_BY_SOURCE,
  type BoardSeed
} from './boards'

export { LARGE_BOARD_SIZE } from './boards'

export type Preset = 'demo' | 'large'

export interface SeedOptions {
  preset: Preset
  seed: number
  anchorMs: number
  /** Opportunities on the large preset's board (default 5,000); benchmarks also draw 500 and 2,000. */
  largeSize?: number
}

export const DEFAULT_SEED = 20260301
const DAY = 86_400_000

export function todayUtcMidnight(nowMs: number = Date.now()): number {
  return Math.floor(nowMs / DAY) * DAY
}

interface Ctx {
  ds: Dataset
  rng: Rng
  id: () => number
  anchor: number
  adminEmail: string
}

function stamp(ctx: Ctx, ms: number): string {
  return formatNx(ms, ctx.rng.int(0, 9999))
}

/** A moment during office hours `daysAgo` days before the anchor (never today, so never in the future). */
function pastMs(ctx: Ctx, minDaysAgo: number, maxDaysAgo: number): number {
  const days = ctx.rng.int(Math.max(1, minDaysAgo), Math.max(1, maxDaysAgo))
  return ctx.anchor - days * DAY + ctx.rng.int(8 * 3600, 18 * 3600) * 1000 + ctx.rng.int(0, 999)
}

/** Spread last: `{ ...base(), many: fields }` is pathologically slow in V8 for thousands of records. */
function base(
  ctx: Ctx,
  created: number | string,
  updatedMs?: number,
  by: string | null = ctx.adminEmail
): BaseRecord {
  const createdOn = typeof created === 'string' ? created : stamp(ctx, created)
  return {
    Id: ctx.id(),
    UniqueId: ctx.rng.guid(),
    CreatedOn: createdOn,
    UpdatedOn: updatedMs === undefined ? createdOn : stamp(ctx, updatedMs),
    UpdatedBy: by,
    IsNew: false,
    SystemId: null
  }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
}

export function seedDataset(options: SeedOptions): Dataset {
  const ds = emptyDataset()
  const rng = createRng(options.seed)
  const taken = new Set<number>()
  const nextId = createIdSource(createRng(options.seed ^ 0x5eed1d))
  const ctx: Ctx = {
    ds,
    rng,
    anchor: options.anchorMs,
    adminEmail: USER_SEEDS[0]?.Email ?? '',
    id: () => {
      const id = nextId((candidate) => taken.has(candidate))
      taken.add(id)
      return id
    }
  }

  const gbp = { Id: ctx.id(), Code: 'GBP', Name: 'Pound sterling' }
  const eur = { Id: ctx.id(), Code: 'EUR', Name: 'Euro' }
  ds.currencies.set(gbp.Id, gbp).set(eur.Id, eur)

  for (const seed of USER_SEEDS) {
    const created = pastMs(ctx, 400, 900)
    const { assignable: _assignable, ...fields } = seed
    const user = { ...fields, APIAccess: seed.password !== null, ...base(ctx, created) }
    ds.users.set(user.Id, user)
  }

  const bristol = addBusiness(ctx, 'Harbour Works Coworking', gbp.Id, 'Bristol')
  const dublin = addBusiness(ctx, 'Harbour Works Dublin', eur.Id, 'Dublin')
  const people = addCoworkers(ctx, [bristol, dublin], 72, 'demo')

  for (const board of [MEMBERSHIPS, PRIVATE_OFFICES, EVENTS_ARCHIVED]) addBoard(ctx, bristol, board, people)
  addBoard(ctx, dublin, DUBLIN, people)

  if (options.preset === 'large') {
    const canary = addBusiness(ctx, 'Harbour Works Canary Wharf', gbp.Id, 'London')
    const crowd = addCoworkers(ctx, [canary], 1200, 'large')
    addBoard(ctx, canary, { ...LARGE, count: options.largeSize ?? LARGE.count }, crowd)
  }
  return ds
}

function addBusiness(ctx: Ctx, name: string, currencyId: number, city: string): Business {
  const business: Business = {
    Name: name,
    CurrencyId: currencyId,
    City: city,
    ...base(ctx, pastMs(ctx, 700, 1500))
  }
  ctx.ds.businesses.set(business.Id, business)
  for (const typeName of Object.keys(NOTES_TEMPLATES)) {
    const type: OpportunityType = {
      BusinessId: business.Id,
      Name: typeName,
      NotesTemplate: NOTES_TEMPLATES[typeName] ?? null,
      ...base(ctx, pastMs(ctx, 300, 600))
    }
    ctx.ds.types.set(type.Id, type)
  }
  return business
}

interface People {
  individuals: Coworker[]
  companies: Coworker[]
  agents: Coworker[]
}

function addCoworkers(ctx: Ctx, businesses: Business[], individuals: number, tag: string): People {
  const { rng, ds } = ctx
  const people: People = { individuals: [], companies: [], agents: [] }
  const teamOf = new Map<string, number>()
  const add = (fields: Omit<Coworker, keyof BaseRecord | 'InvoicingBusinessId' | 'Active'>): Coworker => {
    const business = rng.pick(businesses)
    const coworker: Coworker = Object.assign(base(ctx, pastMs(ctx, 30, 700)), fields, {
      InvoicingBusinessId: business.Id,
      Active: rng.chance(0.9)
    })
    ds.coworkers.set(coworker.Id, coworker)
    return coworker
  }
  for (const company of COMPANIES) {
    const team = {
      Name: company,
      Description: `${company} team members`,
      ProfileWebsite: `https://www.${slug(company)}.example`,
      ...base(ctx, pastMs(ctx, 60, 500))
    }
    ds.teams.set(team.Id, team)
    teamOf.set(company, team.Id)
    const contact = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`
    const coworker = add({
      FullName: company,
      Email: `accounts+${tag}@${slug(company)}.example`,
      CompanyName: company,
      CoworkerType: 2,
      MobilePhone: phone(rng),
      City: rng.pick(CITIES),
      TeamId: team.Id
    })
    coworker.SystemId = rng.chance(0.2) ? `ERP-${rng.int(10000, 99999)} (${contact})` : null
    people.companies.push(coworker)
  }
  for (const agency of AGENCIES) {
    people.agents.push(
      add({
        FullName: agency,
        Email: `deals+${tag}@${slug(agency)}.example`,
        CompanyName: agency,
        CoworkerType: 2,
        MobilePhone: phone(rng),
        City: rng.pick(CITIES),
        TeamId: null
      })
    )
  }
  const usedEmails = new Set<string>()
  for (let i = 0; i < individuals; i++) {
    const first = rng.pick(FIRST_NAMES)
    const last = rng.pick(LAST_NAMES)
    const company = rng.chance(0.5) ? rng.pick(COMPANIES) : null
    const domain = company ? `${slug(company)}.example` : rng.pick(['mailbox.example', 'post.example'])
    let email = `${slug(first)}.${slug(last)}@${domain}`
    for (let n = 2; usedEmails.has(email); n++) email = `${slug(first)}.${slug(last)}${n}@${domain}`
    usedEmails.add(email)
    people.individuals.push(
      add({
        FullName: `${first} ${last}`,
        Email: email,
        CompanyName: company,
        CoworkerType: 1,
        MobilePhone: rng.chance(0.8) ? phone(rng) : null,
        City: rng.pick(CITIES),
        TeamId: company ? (teamOf.get(company) ?? null) : null
      })
    )
  }
  return people
}

function phone(rng: Rng): string {
  return `+44 7${rng.int(100, 999)} ${rng.int(100000, 999999)}`
}

function addBoard(ctx: Ctx, business: Business, seed: BoardSeed, people: People): void {
  const { ds, rng } = ctx
  const board: Board = {
    BusinessId: business.Id,
    Name: seed.name,
    Archived: seed.archived ?? false,
    ...base(ctx, pastMs(ctx, 200, 500))
  }
  ds.boards.set(board.Id, board)
  const columns = seed.stages.map((stage, index) => {
    const flags = Object.fromEntries(COLUMN_FLAGS.map((f) => [f, stage.flags?.includes(f) ?? false]))
    const column = {
      ...(flags as Record<ColumnFlag, boolean>),
      CrmBoardId: board.Id,
      Name: stage.name,
      // Observed live: stages created as 1, 2, 3… come back as 1, 100, 200… (API doc §5.1).
      Position: index === 0 ? 1 : index * 100,
      CannedResponseId: stage.cannedResponse ? ctx.id() : null,
      TaskListId: stage.taskList ? ctx.id() : null,
      Products: Array.from({ length: stage.products ?? 0 }, () => ctx.id()),
      Resources: Array.from({ length: stage.resources ?? 0 }, () => ctx.id()),
      ...base(ctx, pastMs(ctx, 150, 200))
    } satisfies Column
    ds.columns.set(column.Id, column)
    return column
  })
  const types = [...ds.types.values()].filter(
    (t) => t.BusinessId === business.Id && seed.typeNames.includes(t.Name)
  )
  const users = [...ds.users.values()].filter((u) => USER_SEEDS.find((s) => s.Email === u.Email)?.assignable)
  const openIdx = seed.stages.flatMap((s, i) => (s.kind === 'open' ? [i] : []))
  const nextPosition = new Map<number, number>()

  for (let n = 0; n < seed.count; n++) {
    const target = rng.weighted(seed.stages.map((s, i) => [i, s.weight] as const))
    const stage = seed.stages[target]
    const column = columns[target]
    if (!stage || !column) continue
    const reached = stage.kind === 'open' ? openIdx.indexOf(target) : rng.int(0, openIdx.length - 1)
    const path = openIdx.slice(0, reached + 1).filter((_, i) => i === 0 || i === reached || rng.chance(0.7))
    if (stage.kind !== 'open' || path[path.length - 1] !== target) path.push(target)

    const created = pastMs(ctx, Math.max(2, path.length * 3), 160)
    const span = ctx.anchor - 86_400_000 - created
    const moves = path
      .slice(1)
      .map(() => created + Math.floor(rng.next() * span))
      .sort((a, b) => a - b)
    const times = [created, ...moves].map((ms) => stamp(ctx, ms))
    const lastMs = moves[moves.length - 1] ?? created
    const responsible = rng.chance(0.9) ? rng.pick(users) : null
    const coworker = rng.chance(seed.companyShare) ? rng.pick(people.companies) : rng.pick(people.individuals)
    const type = rng.chance(0.85) ? rng.pick(types) : null
    const leadSource = rng.chance(0.92) ? rng.weighted(LEAD_SOURCES) : null
    const utm = leadSource !== null ? UTM_BY_SOURCE[leadSource] : undefined
    const won = stage.kind === 'won'
    const lost = stage.kind === 'lost'
    const due = won || lost ? null : rng.chance(0.9) ? ctx.anchor + rng.int(-21, 30) * DAY : null
    const [min, max, step] = seed.value
    const position = (nextPosition.get(column.Id) ?? 0) + 100
    nextPosition.set(column.Id, position)
    const finalTime = times[times.length - 1] ?? times[0] ?? ''

    const createdOn = times[0] ?? stamp(ctx, created)
    // A plain literal: thousands of spread-built records make the large preset slow (GC).
    const opportunity: Opportunity = {
      Id: ctx.id(),
      UniqueId: rng.guid(),
      CreatedOn: createdOn,
      UpdatedOn: stamp(ctx, lastMs + rng.int(1000, 3_600_000)),
      UpdatedBy: responsible?.Email ?? ctx.adminEmail,
      IsNew: false,
      SystemId: rng.chance(0.15) ? `LEGACY-CRM-${rng.int(1000, 9999)}` : null,
      CrmBoardColumnId: column.Id,
      CoworkerId: coworker.Id,
      Position: position,
      Status: won ? 2 : lost ? 3 : 1,
      Name: rng.chance(0.7) ? rng.pick(OPPORTUNITY_TAGS) : null,
      TeamId: coworker.TeamId,
      OpportunityTypeId: type?.Id ?? null,
      ResponsibleId: responsible?.Id ?? null,
      ReferrerId:
        leadSource !== null && REFERRAL_SOURCES.has(leadSource) ? rng.pick(people.individuals).Id : null,
      AgentId: leadSource !== null && AGENT_SOURCES.has(leadSource) ? rng.pick(people.agents).Id : null,
      Notes: rng.chance(0.85)
        ? [type?.NotesTemplate, rng.pick(NOTE_LINES)].filter((line) => line).join('\n\n')
        : null,
      Completed: won || lost,
      DueDate: due === null ? null : formatNx(due),
      Value: rng.chance(0.95) ? Math.round(rng.int(min, max) / step) * step : null,
      Reminded: due !== null && due < ctx.anchor && rng.chance(0.5),
      LeadSource: leadSource,
      LossReason: lost ? rng.weighted(LOSS_REASONS) : null,
      WonOn: won ? finalTime : null,
      LostOn: lost ? finalTime : null,
      UtmSource: utm ?? null,
      UtmMedium: utm ? (leadSource === 19 ? 'cpc' : utm === 'newsletter' ? 'email' : 'social') : null,
      UtmCampaign: utm ? rng.pick(UTM.campaigns) : null,
      UtmContent: utm ? rng.pick(UTM.contents) : null,
      UtmTerm: leadSource === 19 ? rng.pick(UTM.terms) : null,
      StageEnteredOn: finalTime
    }
    ds.opportunities.set(opportunity.Id, opportunity)
    addHistory(
      ctx,
      opportunity,
      path.map((i) => columns[i]).filter((c): c is Column => !!c),
      times,
      responsible?.Id ?? null
    )
  }
}

function addHistory(
  ctx: Ctx,
  opportunity: Opportunity,
  path: Column[],
  times: string[],
  userId: number | null
): void {
  path.forEach((column, i) => {
    const previous = i > 0 ? path[i - 1] : undefined
    const toTime = times[i] ?? opportunity.CreatedOn
    // Web sign-ups land in the first stage by themselves, so that row has no user (API doc §7.3).
    const user = i === 0 && opportunity.LeadSource === 1 ? undefined : ctx.ds.users.get(userId ?? -1)
    const row: History = {
      Id: ctx.id(),
      UniqueId: ctx.rng.guid(),
      CreatedOn: toTime,
      UpdatedOn: toTime,
      UpdatedBy: user?.Email ?? null,
      IsNew: false,
      SystemId: null,
      CrmOpportunityId: opportunity.Id,
      OldCrmBoardColumnId: previous?.Id ?? null,
      OldCrmBoardColumnName: previous?.Name ?? null,
      FromTime: i > 0 ? (times[i - 1] ?? null) : toTime,
      ToTime: toTime,
      NewCrmBoardColumnId: column.Id,
      NewCrmBoardColumnName: column.Name,
      UserId: user?.Id ?? null,
      UserFullName: user?.FullName ?? null
    }
    ctx.ds.histories.set(row.Id, row)
  })
}
