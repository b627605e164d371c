/** Word lists for the demo workspace. Everything is fictional; emails use the reserved .example TLD. */

export const FIRST_NAMES = [
  'Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Noah', 'Mia', 'Arthur', 'Freya', 'Leo', 'Grace', 'Oscar',
  'Sofia', 'Harry', 'Lily', 'Jack', 'Ella', 'Theo', 'Ivy', 'Finley', 'Chloe', 'Rory', 'Aisha', 'Kwame',
  'Mei', 'Ravi', 'Zara', 'Tomasz', 'Niamh', 'Cian', 'Saoirse', 'Diego', 'Fatima', 'Hamza', 'Ines', 'Yusuf',
  'Hannah', 'Samuel', 'Priya', 'Lukas', 'Elif', 'Jonah', 'Maya', 'Callum', 'Bethan', 'Owen', 'Nadia', 'Felix'
] as const

export const LAST_NAMES = [
  'Hughes', 'Patel', 'Okafor', 'Williams', 'Nguyen', 'Kowalski', "O'Brien", 'Murphy', 'Jones', 'Evans',
  'Clarke', 'Thompson', 'Ahmed', 'Fernandes', 'Walsh', 'Byrne', 'Rossi', 'Schmidt', 'Mensah', 'Khan',
  'Davies', 'Bennett', 'Carter', 'Singh', 'Lopez', 'Novak', 'Kelly', 'Fraser', 'Morgan', 'Reid', 'Ali',
  'Lindqvist', 'Chen', 'Adeyemi', 'Baker', 'Price'
] as const

export const COMPANIES = [
  'Brightwater Analytics', 'Cobalt & Finch Design', 'Northgate Legal', 'Tidewell Studio', 'Kiln Robotics',
  'Saltmarsh Media', 'Quayside Ventures', 'Oakum Health', 'Lantern Labs', 'Driftwood Games',
  'Ferrous Engineering', 'Pennant Travel', 'Marlowe & Hart Architects', 'Seaglass Software', 'Anchorline Logistics',
  'Little Fox Copywriting', 'Bramble Bio', 'Greyhound Fintech', 'Harrow Data', 'Juniper Wellness',
  'Copperleaf Accounting', 'Tessellate AI', 'Moorland Films', 'Riverbend Charity Trust'
] as const

export const AGENCIES = ['Keystone Office Brokers', 'Cityspace Property Agents', 'Flexhunt Advisory'] as const

export const OPPORTUNITY_TAGS = [
  'Hot desk from next month', '3 desks – Q1 start', 'Team of 6 moving in', 'Fixed desk, 12 months',
  'Upgrade to private office', 'Trial week first', 'Part-time membership', 'Meeting room bundle',
  'Founders + 2 engineers', 'Expansion to 10 seats', 'Virtual office + mail', 'Relocating from London',
  'Satellite team', 'Quiet corner desk', 'Weekend access needed'
] as const

export const NOTE_LINES = [
  'Met at the open day; very keen on the harbour-view side.',
  'Budget agreed in principle, waiting for sign-off from their finance lead.',
  'Needs 24/7 access and a locker. Asked about bike storage.',
  'Comparing us with two other spaces nearby; price sensitive.',
  'Wants to bring a dog – check the pet policy before the tour.',
  'Currently working from home, looking for 3 days a week.',
  'Asked for an invoice in the company name with VAT number.',
  'Follow up after their funding round closes.',
  'Prefers phone calls to email; best after 4pm.',
  'Interested in hosting a monthly meetup in the event space.'
] as const

export const CITIES = ['Bristol', 'Bath', 'Cardiff', 'Dublin', 'London', 'Exeter', 'Galway', 'Cork'] as const

export const UTM = {
  sources: ['google', 'facebook', 'linkedin', 'instagram', 'newsletter'],
  mediums: ['cpc', 'social', 'email', 'organic'],
  campaigns: ['spring-desks-2026', 'private-office-launch', 'founders-offer', 'open-day-autumn'],
  contents: ['hero-cta', 'pricing-table', 'tour-button', 'footer-form'],
  terms: ['coworking bristol', 'hot desk near me', 'private office harbourside', 'flexible office space']
} as const
