import { defineConfig } from '@playwright/test'
import { electronBinary } from './e2e/electron-binary'
import { chromiumLaunchOptions } from './scripts/chromium'

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
    launchOptions: chromiumLaunchOptions
  },
  projects: [
    { name: 'chromium', use: { browserName: 'chromium', appKind: 'browser' } },
    // The same specs through Playwright's Electron launcher, where a binary exists (see README).
    ...(hasElectron ? [{ name: 'electron', use: { appKind: 'electron' as const } }] : [])
  ]
})
