import { defineConfig } from '@playwright/test'
import { electronBinary } from './e2e/electron-binary'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const hasElectron = electronBinary() !== null && process.env.PIPELINE_E2E_ELECTRON !== '0'

export default defineConfig<{ appKind: 'browser' | 'electron' }>({
  testDir: 'e2e',
  timeout: 30_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/e2e.json' }]],
  use: {
    trace: 'retain-on-failure',
    viewport: { width: 1920, height: 1080 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      // Without these Chromium keeps dialling Google services this machine cannot reach.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium', appKind: 'browser' } },
    // The same specs through Playwright's Electron launcher, where a binary exists (see README).
    ...(hasElectron ? [{ name: 'electron', use: { appKind: 'electron' as const } }] : [])
  ]
})
