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

function entries(table: Record<number, string>): EnumEntry[] {
  return Object.entries(table).map(([value, name]) => ({
    value: Number(value),
    name,
    label: name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/Hq$/, 'HQ')
  }))
}

export const leadSources: EnumEntry[] = entries({
  1: 'Web',
  2: 'Phone',
  4: 'Webinar',
  5: 'Referral',
  6: 'PrintAdvert',
  7: 'PurchasedList',
  8: 'WordOfMouth',
  9: 'DirectEmail',
  10: 'EmailMarketing',
  11: 'Broker',
  12: 'PropertyAgent',
  13: 'Facebook',
  14: 'Linkedin',
  15: 'Instagram',
  16: 'Twitter',
  17: 'HubbleHq',
  18: 'LiquidSpace',
  19: 'GoogleSearch',
  20: 'SpacePool',
  21: 'InstantOffices',
  22: 'OfficeFreedom',
  23: 'FlexiOffices',
  24: 'Workthere',
  25: 'Kontor',
  26: 'Valve',
  98: 'OtherSocialNetwork',
  99: 'Other'
})

export const lossReasons: EnumEntry[] = entries({
  1: 'Timing',
  2: 'Need',
  3: 'PoorQualification',
  4: 'Price',
  5: 'Feature',
  6: 'LostMomentum',
  7: 'Competition',
  8: 'ContractTerm',
  9: 'Duplicate',
  10: 'Waitlist',
  11: 'NotReturningCalls',
  12: 'LackOfFacilities',
  13: 'NoPetPolicy',
  14: 'NoRightFit',
  15: 'Location',
  16: 'Entrance',
  17: 'Errors',
  18: 'Archived',
  19: 'SearchOnHold',
  20: 'RelocationOnHold',
  99: 'Other'
})

export const leadSourceValues = leadSources.map((e) => e.value)
export const lossReasonValues = lossReasons.map((e) => e.value)

export function leadSourceLabel(value: number | null | undefined): string {
  return leadSources.find((e) => e.value === value)?.label ?? ''
}

export function lossReasonLabel(value: number | null | undefined): string {
  return lossReasons.find((e) => e.value === value)?.label ?? ''
}
