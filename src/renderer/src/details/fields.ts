/**
 * The drawer's fields by name: the label each one shows (the end-to-end tests find fields by these
 * words), and which field a server message is about. Nexudus names a refused field by its
 * PropertyName ("CoworkerId", sometimes "Coworker" or "CrmOpportunity.CoworkerId"); main's own
 * input check names it by path ("changes.Name", "fields.CoworkerId").
 */
import { EDITABLE_FIELDS, type EditableField } from '../../../shared/details'

export const FIELD_LABELS: Record<EditableField, string> = {
  Name: 'Tag',
  CoworkerId: 'Customer',
  OpportunityTypeId: 'Type',
  ResponsibleId: 'Responsible',
  ReferrerId: 'Referrer',
  AgentId: 'Agent',
  Notes: 'Notes',
  Completed: 'Completed',
  DueDate: 'Follow-up date',
  Value: 'Value',
  Reminded: 'Reminded',
  LeadSource: 'Lead source',
  Status: 'Status',
  LossReason: 'Loss reason',
  WonOn: 'Won on',
  LostOn: 'Lost on',
  UtmSource: 'UTM source',
  UtmMedium: 'UTM medium',
  UtmCampaign: 'UTM campaign',
  UtmContent: 'UTM content',
  UtmTerm: 'UTM term'
}

export const STATUS_OPTIONS = [
  { value: 1, label: 'In progress' },
  { value: 2, label: 'Won' },
  { value: 3, label: 'Lost' }
] as const

/** Names Nexudus may use for a field other than our own (the record's name without "Id"). */
const ALIASES: Record<string, EditableField> = {
  coworker: 'CoworkerId',
  customer: 'CoworkerId',
  opportunitytype: 'OpportunityTypeId',
  responsible: 'ResponsibleId',
  referrer: 'ReferrerId',
  agent: 'AgentId',
  tag: 'Name'
}

const byLowerName = new Map<string, EditableField>(EDITABLE_FIELDS.map((f) => [f.toLowerCase(), f]))

/** The field a server message names, or null when it is about something the form does not show. */
export function fieldFor(propertyName: string): EditableField | null {
  const last = propertyName.trim().split('.').pop()?.toLowerCase() ?? ''
  return byLowerName.get(last) ?? ALIASES[last] ?? null
}

export const fieldId = (prefix: string, field: EditableField): string => `${prefix}-${field}`
