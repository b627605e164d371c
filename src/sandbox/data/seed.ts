/**
 * The demo workspace, generated from a seed: the same (preset, seed, anchor) always gives
 * byte-identical data. Times are relative to `anchorMs` (default: today's UTC midnight) so due
 * dates stay realistic (some overdue, some ahead) on whatever day the demo runs.
 */
import { formatNx } from '../dates'
import { createIdSource, createRng, type Rng } from '../prng'
import type { BaseRecord, Board, Business, Column, ColumnFlag, Coworker, Dataset, History } from '../types'
import { COLUMN_FLAGS, emptyDataset, type Opportunity, type OpportunityType } from '../types'
import { AGENCIES, CITIES, COMPANIES, FIRST_NAMES, LAST_NAMES, NOTE_LINES, OPPORTUNITY_TAGS, UTM } from './names'
import { USER_SEEDS } from './users'

export type Preset = 'demo' | 'large'

export interface SeedOptions {
  preset: Preset
  seed: number
  anchorMs: number
}

export const DEFAULT_SEED = 20260301
export const LARGE_BOARD_SIZE = 5000
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
function base(ctx: Ctx, created: number | string, updatedMs?: number, by: string | null = ctx.adminEmail): BaseRecord {
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

interface StageSeed {
  name: string
  kind: 'open' | 'won' | 'lost'
  weight: number
  flags?: ColumnFlag[]
  cannedResponse?: boolean
  taskList?: boolean
  products?: number
  resources?: number
}

interface BoardSeed {
  name: string
  archived?: boolean
  stages: StageSeed[]
  count: number
  typeNames: string[]
  companyShare: number
  value: readonly [min: number, max: number, step: number]
}

const open = (name: string, weight: number, flags: ColumnFlag[] = [], extra: Partial<StageSeed> = {}): StageSeed => ({
  name,
  kind: 'open',
  weight,
  flags,
  ...extra
})

const MEMBERSHIPS: BoardSeed = {
  name: 'Memberships & desks',
  count: 56,
  companyShare: 0.25,
  typeNames: ['Hot desk membership', 'Dedicated desk', 'Virtual office', 'Meeting rooms & events'],
  value: [600, 9600, 50],
  stages: [
    open('New enquiry', 14, ['ContactMessages', 'SignUps']),
    open('Tour booked', 10, ['TourRequests', 'ToursConfirmed', 'ConfirmTour']),
    open('Tour done', 8, ['TourCompleted']),
    open('Proposal sent', 7, ['ProposalsSent']),
    open('Negotiation', 5),
    { name: 'Won', kind: 'won', weight: 7, flags: ['WinOpportunity', 'ProductPurchased'], cannedResponse: true, products: 2 },
    { name: 'Lost', kind: 'lost', weight: 5, flags: ['LoseOpportunity'] }
  ]
}

const PRIVATE_OFFICES: BoardSeed = {
  name: 'Private offices',
  count: 32,
  companyShare: 0.6,
  typeNames: ['Private office'],
  value: [6000, 60000, 500],
  stages: [
    open('Enquiry', 8, ['ContactMessages']),
    open('Viewing booked', 5, ['TourRequests', 'ConfirmTour']),
    open('Viewing done', 4, ['TourCompleted']),
    open('Offer sent', 4, ['ProposalsSent']),
    open('Contract out', 3, ['ProposalsAccepted']),
    open('Onboarding', 2, ['DocumentsSigned', 'ActivateAccount', 'UseTaskListAsResponsible'], {
      cannedResponse: true,
      taskList: true
    }),
    { name: 'Moved in', kind: 'won', weight: 4, flags: ['WinOpportunity'] },
    { name: 'Lost', kind: 'lost', weight: 3, flags: ['LoseOpportunity', 'DeactivateAccount'] }
  ]
}

const EVENTS_ARCHIVED: BoardSeed = {
  name: 'Events 2025',
  archived: true,
  count: 6,
  companyShare: 0.8,
  typeNames: ['Meeting rooms & events'],
  value: [400, 5000, 50],
  stages: [
    open('Enquiry', 1, ['EventRegistrations']),
    open('Quoted', 1),
    { name: 'Booked', kind: 'won', weight: 3, flags: ['WinOpportunity'] },
    { name: 'Lost', kind: 'lost', weight: 1, flags: ['LoseOpportunity'] }
  ]
}

const DUBLIN: BoardSeed = {
  name: 'Dublin memberships',
  count: 20,
  companyShare: 0.3,
  typeNames: ['Hot desk membership', 'Private office', 'Virtual office'],
  value: [900, 24000, 100],
  stages: [
    open('Enquiry', 6, ['ContactMessages']),
    open('Tour', 4, ['TourRequests', 'ResourceBooked'], { resources: 2 }),
    open('Trial day', 3, ['Bookings']),
    { name: 'Won', kind: 'won', weight: 4, flags: ['WinOpportunity'], cannedResponse: true },
    { name: 'Lost', kind: 'lost', weight: 3, flags: ['LoseOpportunity'] },
    // Stays empty on purpose: a client should warn before anything is dropped here (API doc §5.2).
    { name: 'Erase data', kind: 'lost', weight: 0, flags: ['DeleteAccount'] }
  ]
}

const LARGE: BoardSeed = {
  name: 'Enterprise pipeline',
  count: LARGE_BOARD_SIZE,
  companyShare: 0.4,
  typeNames: ['Enterprise suite', 'Dedicated floor', 'Managed office'],
  value: [3000, 250000, 500],
  stages: [
    open('Lead', 30),
    open('Qualified', 20),
    open('Tour booked', 12, ['TourRequests', 'ConfirmTour']),
    open('Tour done', 10, ['TourCompleted']),
    open('Proposal', 9, ['ProposalsSent']),
    open('Negotiation', 6),
    { name: 'Won', kind: 'won', weight: 7, flags: ['WinOpportunity'] },
    { name: 'Lost', kind: 'lost', weight: 6, flags: ['LoseOpportunity'] }
  ]
}

const NOTES_TEMPLATES: Record<string, string> = {
  'Hot desk membership': 'Days per week:\nStart date:\nNeeds locker: yes/no',
  'Dedicated desk': 'Desks:\nStart date:\nMonitor/chair requirements:',
  'Virtual office': 'Business address for: registered office / mail only\nMail handling:',
  'Meeting rooms & events': 'Event date:\nHeadcount:\nCatering:',
  'Private office': 'Team size:\nMove-in date:\nTerm (months):\nBudget per month:',
  'Enterprise suite': 'Headcount:\nFloor preference:\nFit-out needs:\nDecision maker:',
  'Dedicated floor': 'Headcount:\nBranding:\nTerm (months):',
  'Managed office': 'Headcount:\nIT requirements:\nMove-in date:'
}

const LEAD_SOURCES: (readonly [number, number])[] = [
  [1, 20], [19, 10], [5, 10], [8, 8], [2, 8], [14, 5], [13, 4], [15, 4], [11, 6], [12, 3], [17, 3],
  [10, 5], [9, 4], [4, 2], [6, 1], [22, 2], [98, 1], [99, 2]
]
const LOSS_REASONS: (readonly [number, number])[] = [
  [4, 8], [15, 5], [7, 5], [1, 4], [6, 4], [11, 3], [14, 2], [12, 2], [8, 2], [13, 1], [99, 1]
]
const UTM_BY_SOURCE: Record<number, string> = { 1: 'newsletter', 19: 'google', 13: 'facebook', 14: 'linkedin', 15: 'instagram', 10: 'newsletter' }
const REFERRAL_SOURCES = new Set([5, 8])
const AGENT_SOURCES = new Set([11, 12, 17, 22])

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
    addBoard(ctx, canary, LARGE, crowd)
  }
  return ds
}

function addBusiness(ctx: Ctx, name: string, currencyId: number, city: string): Business {
  const business: Business = { Name: name, CurrencyId: currencyId, City: city, ...base(ctx, pastMs(ctx, 700, 1500)) }
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
  const types = [...ds.types.values()].filter((t) => t.BusinessId === business.Id && seed.typeNames.includes(t.Name))
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

    const stamps = base(ctx, times[0] ?? created, lastMs + rng.int(1000, 3_600_000), responsible?.Email ?? ctx.adminEmail)
    const opportunity: Opportunity = {
      CrmBoardColumnId: column.Id,
      CoworkerId: coworker.Id,
      Position: position,
      Status: won ? 2 : lost ? 3 : 1,
      Name: rng.chance(0.7) ? rng.pick(OPPORTUNITY_TAGS) : null,
      TeamId: coworker.TeamId,
      OpportunityTypeId: type?.Id ?? null,
      ResponsibleId: responsible?.Id ?? null,
      ReferrerId: leadSource !== null && REFERRAL_SOURCES.has(leadSource) ? rng.pick(people.individuals).Id : null,
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
      StageEnteredOn: finalTime,
      ...stamps
    }
    opportunity.SystemId = rng.chance(0.15) ? `LEGACY-CRM-${rng.int(1000, 9999)}` : null
    ds.opportunities.set(opportunity.Id, opportunity)
    addHistory(ctx, opportunity, path.map((i) => columns[i]).filter((c): c is Column => !!c), times, responsible?.Id ?? null)
  }
}

function addHistory(ctx: Ctx, opportunity: Opportunity, path: Column[], times: string[], userId: number | null): void {
  path.forEach((column, i) => {
    const previous = i > 0 ? path[i - 1] : undefined
    const toTime = times[i] ?? opportunity.CreatedOn
    // Web sign-ups land in the first stage by themselves, so that row has no user (API doc §7.3).
    const user = i === 0 && opportunity.LeadSource === 1 ? undefined : ctx.ds.users.get(userId ?? -1)
    const stamps = base(ctx, toTime, undefined, user?.Email ?? null)
    const row: History = {
      CrmOpportunityId: opportunity.Id,
      OldCrmBoardColumnId: previous?.Id ?? null,
      OldCrmBoardColumnName: previous?.Name ?? null,
      FromTime: i > 0 ? (times[i - 1] ?? null) : toTime,
      ToTime: toTime,
      NewCrmBoardColumnId: column.Id,
      NewCrmBoardColumnName: column.Name,
      UserId: user?.Id ?? null,
      UserFullName: user?.FullName ?? null,
      ...stamps
    }
    ctx.ds.histories.set(row.Id, row)
  })
}
