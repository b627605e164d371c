/** What the demo boards look like: stages with their automation flags, volumes, values, mixes. */
import type { ColumnFlag } from '../types'

export const LARGE_BOARD_SIZE = 5000

export interface StageSeed {
  name: string
  kind: 'open' | 'won' | 'lost'
  weight: number
  flags?: ColumnFlag[]
  cannedResponse?: boolean
  taskList?: boolean
  products?: number
  resources?: number
}

export interface BoardSeed {
  name: string
  archived?: boolean
  stages: StageSeed[]
  count: number
  typeNames: string[]
  companyShare: number
  value: readonly [min: number, max: number, step: number]
}

const open = (
  name: string,
  weight: number,
  flags: ColumnFlag[] = [],
  extra: Partial<StageSeed> = {}
): StageSeed => ({
  name,
  kind: 'open',
  weight,
  flags,
  ...extra
})

export const MEMBERSHIPS: BoardSeed = {
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
    {
      name: 'Won',
      kind: 'won',
      weight: 7,
      flags: ['WinOpportunity', 'ProductPurchased'],
      cannedResponse: true,
      products: 2
    },
    { name: 'Lost', kind: 'lost', weight: 5, flags: ['LoseOpportunity'] }
  ]
}

export const PRIVATE_OFFICES: BoardSeed = {
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

export const EVENTS_ARCHIVED: BoardSeed = {
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

export const DUBLIN: BoardSeed = {
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

export const LARGE: BoardSeed = {
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

export const NOTES_TEMPLATES: Record<string, string> = {
  'Hot desk membership': 'Days per week:\nStart date:\nNeeds locker: yes/no',
  'Dedicated desk': 'Desks:\nStart date:\nMonitor/chair requirements:',
  'Virtual office': 'Business address for: registered office / mail only\nMail handling:',
  'Meeting rooms & events': 'Event date:\nHeadcount:\nCatering:',
  'Private office': 'Team size:\nMove-in date:\nTerm (months):\nBudget per month:',
  'Enterprise suite': 'Headcount:\nFloor preference:\nFit-out needs:\nDecision maker:',
  'Dedicated floor': 'Headcount:\nBranding:\nTerm (months):',
  'Managed office': 'Headcount:\nIT requirements:\nMove-in date:'
}

export const LEAD_SOURCES: (readonly [number, number])[] = [
  [1, 20],
  [19, 10],
  [5, 10],
  [8, 8],
  [2, 8],
  [14, 5],
  [13, 4],
  [15, 4],
  [11, 6],
  [12, 3],
  [17, 3],
  [10, 5],
  [9, 4],
  [4, 2],
  [6, 1],
  [22, 2],
  [98, 1],
  [99, 2]
]
export const LOSS_REASONS: (readonly [number, number])[] = [
  [4, 8],
  [15, 5],
  [7, 5],
  [1, 4],
  [6, 4],
  [11, 3],
  [14, 2],
  [12, 2],
  [8, 2],
  [13, 1],
  [99, 1]
]
export const UTM_BY_SOURCE: Record<number, string> = {
  1: 'newsletter',
  19: 'google',
  13: 'facebook',
  14: 'linkedin',
  15: 'instagram',
  10: 'newsletter'
}
export const REFERRAL_SOURCES = new Set([5, 8])
export const AGENT_SOURCES = new Set([11, 12, 17, 22])
