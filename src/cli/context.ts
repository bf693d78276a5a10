/** What the command groups share: the sessions directory the global flag names, the session store, and starting the TUI. */
import { DEFAULT_BANK_DIR } from '../adapters/fs-bank.js';
import { FsSessionStore, SessionLoadError, resolveSessionsDir } from '../adapters/session-store.js';
import type { Session } from '../schemas/session.js';
import type { Screen } from '../ui/app.js';
import type { Services } from '../ui/services.js';
import { UsageError } from './args.js';

export interface CliContext {
  /** --sessions-dir as given; read once commander has parsed the command line. */
  sessionsFlag(): string | undefined;
  /** The session store: --sessions-dir, then $COACH_SESSIONS_DIR, then the setting, then sessions/ in the checkout. */
  store(): Promise<FsSessionStore>;
}

/** Settings pull in zod; only commands that read sessions load them. */
async function savedSessionsDir(): Promise<string | undefined> {
  const { ConfSettingsStore } = await import('../adapters/settings.js');
  return new ConfSettingsStore().read().settings.sessionsDir;
}

export function cliContext(sessionsFlag: () => string | undefined): CliContext {
  return {
    sessionsFlag,
    store: async () => new FsSessionStore(resolveSessionsDir({ flag: sessionsFlag(), env: process.env, setting: await savedSessionsDir(), cwd: process.cwd(), checkout: DEFAULT_BANK_DIR })),
  };
}

/** Starts the TUI. `initial` with a bank waits for it; without, the first frame is drawn while it loads. */
export async function interactive(sessionsDir: string | undefined, initial: Screen | ((services: Services) => Promise<Screen>)): Promise<void> {
  const { buildServices, runTui } = await import('./tui.js');
  const { services, ready, dispose } = buildServices(sessionsDir);
  try {
    await runTui(services, typeof initial === 'function' ? await initial(await ready()) : initial);
  } finally {
    await dispose();
  }
}

/** A saved session by id, or one line saying why there is none. */
export async function loadSession(sessions: FsSessionStore, id: string): Promise<Session> {
  let session;
  try {
    session = await sessions.load(id);
  } catch (error) {
    if (error instanceof SessionLoadError) throw new UsageError(`cannot read session ${error.message}`);
    throw error;
  }
  if (session === undefined) throw new UsageError(`no session '${id}': run coach history to see the ids`);
  return session;
}
