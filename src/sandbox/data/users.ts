/** The people who can sign in to the sandbox, and the admins opportunities are assigned to. */

export const DEMO_PASSWORD = 'pipeline-demo'

export const DEMO_USERS = {
  admin: { email: 'admin@harbour-works.example', password: DEMO_PASSWORD },
  twoFactor: {
    email: 'twofactor@harbour-works.example',
    password: DEMO_PASSWORD,
    totpSecret: 'PIPELINEDEMO2FASECRET234'
  },
  readOnly: { email: 'viewer@harbour-works.example', password: DEMO_PASSWORD }
}

/** The colleague the control API writes as ("someone else" changed the record). */
export const COLLEAGUE_EMAIL = 'priya.shah@harbour-works.example'

export const READ_ONLY_ENTITIES = [
  'CrmBoard',
  'CrmBoardColumn',
  'CrmOpportunity',
  'Coworker',
  'User',
  'OpportunityType',
  'CrmOpportunityHistory'
] as const

export interface UserSeed {
  FullName: string
  Email: string
  password: string | null
  totpSecret: string | null
  roles: 'all' | string[]
  Active: boolean
  IsAdmin: boolean
  /** Opportunities are assigned only to these. */
  assignable: boolean
}

export const USER_SEEDS: UserSeed[] = [
  {
    FullName: 'Alex Morgan',
    Email: DEMO_USERS.admin.email,
    password: DEMO_USERS.admin.password,
    totpSecret: null,
    roles: 'all',
    Active: true,
    IsAdmin: true,
    assignable: true
  },
  {
    FullName: 'Sam Rivera',
    Email: DEMO_USERS.twoFactor.email,
    password: DEMO_USERS.twoFactor.password,
    totpSecret: DEMO_USERS.twoFactor.totpSecret,
    roles: 'all',
    Active: true,
    IsAdmin: true,
    assignable: true
  },
  {
    FullName: 'Jordan Lee',
    Email: DEMO_USERS.readOnly.email,
    password: DEMO_USERS.readOnly.password,
    totpSecret: null,
    roles: READ_ONLY_ENTITIES.flatMap((e) => [`${e}-List`, `${e}-Read`]),
    Active: true,
    IsAdmin: false,
    assignable: false
  },
  ...(
    [
      ['Priya Shah', COLLEAGUE_EMAIL, true],
      ['Tom Barker', 'tom.barker@harbour-works.example', true],
      ['Elena Rossi', 'elena.rossi@harbour-works.example', true],
      ['Marcus Boateng', 'marcus.boateng@harbour-works.example', true],
      ['Hugo Brandt', 'hugo.brandt@harbour-works.example', false]
    ] as const
  ).map(([FullName, Email, Active]): UserSeed => ({
    FullName,
    Email,
    password: null,
    totpSecret: null,
    roles: 'all',
    Active,
    IsAdmin: true,
    assignable: Active
  }))
]
