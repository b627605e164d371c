/**
 * The built-in demo workspace: the sandbox Nexudus server on a random loopback port, started the
 * first time the user asks for it and reused after that. The sandbox module is loaded only then,
 * so the app never pays for it otherwise; tests and browser mode inject their own starter.
 */

export interface DemoServer {
  url: string
  /** The demo admin's credentials, used to sign in to it like any other server. */
  email: string
  password: string
  close(): Promise<void>
}

export type StartDemo = () => Promise<DemoServer>

export const startBuiltInDemo: StartDemo = async () => {
  const { startSandbox, DEMO_USERS } = await import('../sandbox')
  const sandbox = await startSandbox({ port: 0, preset: 'demo', quiet: true })
  return { url: sandbox.url, ...DEMO_USERS.admin, close: () => sandbox.close() }
}

export interface DemoWorkspace {
  /** The running demo, starting it if needed; concurrent callers share one start. */
  ensure(): Promise<DemoServer>
  close(): Promise<void>
}

export function createDemoWorkspace(start: StartDemo = startBuiltInDemo): DemoWorkspace {
  let running: Promise<DemoServer> | null = null
  return {
    ensure() {
      running ??= start().catch((error: unknown) => {
        // A failed start must not stick: the next click tries again.
        running = null
        throw error
      })
      return running
    },
    async close() {
      const server = running
      running = null
      if (server) await (await server.catch(() => null))?.close()
    }
  }
}
