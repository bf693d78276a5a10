/** What the command groups share: the sessions directory the global flag names, the session store, and starting the TUI. */
import { DEFAULT_BANK_DIR } from '../adapters/fs-bank.js';
import { FsSessionStore, SessionLoadError, resolveSessionsDir } from '../adapters/session-store.js';
import type { Session } from '../schemas/session.js';
import type { Screen } from '../ui/app.js';
import type { Services } from '../ui/services.js';
import type { SettingsRead } from '../ports.js';
import { printableLine } from '../core/printable.js';
import { Failure, UsageError } from './args.js';

export interface CliContext {
  /** --sessions-dir as given; read once commander has parsed the command line. */
  sessionsFlag(): string | undefined;
  /** The session store: --sessions-dir, then $COACH_SESSIONS_DIR, then the setting, then sessions/ in the checkout. */
  store(): Promise<FsSessionStore>;
}

let settingsRead: Promise<SettingsRead> | undefined;

/**
 * The saved settings, read once per command. A setting that could not be used is said on stderr,
 * naming the file: silently falling back to the defaults would read another sessions directory or
 * drop the model without a word. Settings pull in zod; only commands that read them load it.
 */
export function cliSettings(): Promise<SettingsRead> {
  settingsRead ??= (async () => {
    const { ConfSettingsStore } = await import('../adapters/settings.js');
    const read = new ConfSettingsStore().read();
    for (const p of read.problems) process.stderr.write(`coach: ${printableLine(p)}\n`);
    return read;
  })();
  return settingsRead;
}

export function cliContext(sessionsFlag: () => string | undefined): CliContext {
  return {
    sessionsFlag,
    store: async () => {
      const store = new FsSessionStore(resolveSessionsDir({ flag: sessionsFlag(), env: process.env, setting: (await cliSettings()).settings.sessionsDir, cwd: process.cwd(), checkout: DEFAULT_BANK_DIR }));
      // A sessions directory that cannot be listed is not an empty history: say so rather than report nothing.
      const problem = await store.directoryProblem();
      if (problem !== undefined) throw new Failure(`cannot read the sessions directory ${store.dir}: ${problem}`);
      return store;
    },
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
