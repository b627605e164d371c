/**
 * The three CRM enums, as Nexudus sends them (integers). Names are the API's, labels are what a
 * user reads. LeadSource has no 3: that gap is Nexudus's, not ours.
 */

export const OpportunityStatus = { InProgress: 1, Won: 2, Lost: 3 } as const
export type OpportunityStatus = (typeof OpportunityStatus)[keyof typeof OpportunityStatus]

interface EnumEntry {
  value: number
  name: string
  label: string
}

/** Rows of [value, the API's name, what a user reads]; brands keep their own spelling. */
function entries(rows: [number, string, string][]): EnumEntry[] {
  return rows.map(([value, name, label]) => ({ value, name, label }))
}

export const leadSources: EnumEntry[] = entries([
  [1, 'Web', 'Web'],
  [2, 'Phone', 'Phone'],
  [4, 'Webinar', 'Webinar'],
  [5, 'Referral', 'Referral'],
  [6, 'PrintAdvert', 'Print advert'],
  [7, 'PurchasedList', 'Purchased list'],
  [8, 'WordOfMouth', 'Word of mouth'],
  [9, 'DirectEmail', 'Direct email'],
  [10, 'EmailMarketing', 'Email marketing'],
  [11, 'Broker', 'Broker'],
  [12, 'PropertyAgent', 'Property agent'],
  [13, 'Facebook', 'Facebook'],
  [14, 'Linkedin', 'LinkedIn'],
  [15, 'Instagram', 'Instagram'],
  [16, 'Twitter', 'Twitter'],
  [17, 'HubbleHq', 'Hubble HQ'],
  [18, 'LiquidSpace', 'LiquidSpace'],
  [19, 'GoogleSearch', 'Google search'],
  [20, 'SpacePool', 'SpacePool'],
  [21, 'InstantOffices', 'Instant Offices'],
  [22, 'OfficeFreedom', 'Office Freedom'],
  [23, 'FlexiOffices', 'Flexi Offices'],
  [24, 'Workthere', 'Workthere'],
  [25, 'Kontor', 'Kontor'],
  [26, 'Valve', 'Valve'],
  [98, 'OtherSocialNetwork', 'Other social network'],
  [99, 'Other', 'Other']
])

export const lossReasons: EnumEntry[] = entries([
  [1, 'Timing', 'Timing'],
  [2, 'Need', 'Need'],
  [3, 'PoorQualification', 'Poor qualification'],
  [4, 'Price', 'Price'],
  [5, 'Feature', 'Feature'],
  [6, 'LostMomentum', 'Lost momentum'],
  [7, 'Competition', 'Competition'],
  [8, 'ContractTerm', 'Contract term'],
  [9, 'Duplicate', 'Duplicate'],
  [10, 'Waitlist', 'Waitlist'],
  [11, 'NotReturningCalls', 'Not returning calls'],
  [12, 'LackOfFacilities', 'Lack of facilities'],
  [13, 'NoPetPolicy', 'No pet policy'],
  [14, 'NoRightFit', 'No right fit'],
  [15, 'Location', 'Location'],
  [16, 'Entrance', 'Entrance'],
  [17, 'Errors', 'Errors'],
  [18, 'Archived', 'Archived'],
  [19, 'SearchOnHold', 'Search on hold'],
  [20, 'RelocationOnHold', 'Relocation on hold'],
  [99, 'Other', 'Other']
])

export const leadSourceValues = leadSources.map((e) => e.value)
export const lossReasonValues = lossReasons.map((e) => e.value)

export function leadSourceLabel(value: number | null | undefined): string {
  return leadSources.find((e) => e.value === value)?.label ?? ''
}

export function lossReasonLabel(value: number | null | undefined): string {
  return lossReasons.find((e) => e.value === value)?.label ?? ''
}
