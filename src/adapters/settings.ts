import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SettingsStore, SettingsRead } from '../ports.js';
import { DEFAULT_SETTINGS, Settings } from '../schemas/settings.js';
import { formatPath } from './fs-bank.js';
import { readTextFileSync, UnreadableFile } from './read-text.js';

/** Far more than any preferences file holds; a FIFO or device standing there is refused. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

/** The settings file exists but cannot be used, so a save would overwrite what the user may want to repair. */
export class SettingsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsFileError';
  }
}

const PROJECT = 'coach';

/**
 * Where conf keeps the file: $COACH_CONFIG_DIR when set (tests, portable installs), else
 * env-paths' config directory for `coach` with conf's `-nodejs` suffix.
 */
export function settingsDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const override = env['COACH_CONFIG_DIR'];
  if (override !== undefined && override.trim() !== '') return override;
  const name = `${PROJECT}-nodejs`;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Preferences', name);
  if (platform === 'win32') return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), name, 'Config');
  return join(env['XDG_CONFIG_HOME'] ?? join(home, '.config'), name);
}

/** Each key is checked alone, so one bad value costs that value, not every preference. */
export function validateSettings(raw: unknown, file: string): SettingsRead {
  const problems: string[] = [];
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    if (raw !== undefined) problems.push(`${file}: expected a JSON object; using the defaults`);
    return { settings: DEFAULT_SETTINGS, problems };
  }
  const shape = Settings.shape;
  for (const [key, value] of Object.entries(raw)) {
    if (!(key in shape)) {
      problems.push(`${file}: ${key}: unknown setting, ignored`);
      continue;
    }
    const field = shape[key as keyof typeof shape];
    const parsed = field.safeParse(value);
    if (parsed.success) settings[key] = parsed.data;
    else problems.push(`${file}: ${formatPath([key, ...(parsed.error.issues[0]?.path ?? [])])}: ${parsed.error.issues[0]?.message ?? 'invalid'}; using the default`);
  }
  return { settings: Settings.parse(settings), problems };
}

/**
 * Settings in conf's JSON file. Reads go straight to the file (conf pulls in ajv, ~200 ms,
 * which would double the home screen's start); writes go through conf for its atomic save.
 */
export class ConfSettingsStore implements SettingsStore {
  readonly path: string;

  constructor(readonly dir: string = settingsDir()) {
    this.path = join(dir, 'config.json');
  }

  /** The file's JSON (undefined when there is no file), or why the whole file was ignored. */
  private readRaw(): { readonly raw: unknown } | { readonly unusable: string } {
    let text: string;
    try {
      text = readTextFileSync(this.path, { maxBytes: MAX_SETTINGS_BYTES });
    } catch (error) {
      if (error instanceof UnreadableFile && error.kind === 'missing') return { raw: undefined };
      return { unusable: error instanceof UnreadableFile ? error.reason : `cannot be read (${(error as Error).message})` };
    }
    try {
      return { raw: JSON.parse(text) };
    } catch {
      return { unusable: 'is not valid JSON' };
    }
  }

  read(): SettingsRead {
    const file = this.readRaw();
    if ('unusable' in file) return { settings: DEFAULT_SETTINGS, problems: [`${this.path} ${file.unusable}, so it was ignored and the defaults are used; fix or delete it`] };
    return validateSettings(file.raw, this.path);
  }

  async write(patch: Partial<Settings>): Promise<Settings> {
    const file = this.readRaw();
    // conf would throw on it, and overwriting it would lose what the user may want to repair.
    if ('unusable' in file) throw new SettingsFileError(`${this.path} ${file.unusable}; fix or delete it, then try again`);
    const next = Settings.parse({ ...validateSettings(file.raw, this.path).settings, ...patch });
    const { default: Conf } = await import('conf');
    const conf = new Conf<Record<string, unknown>>({ projectName: PROJECT, cwd: this.dir, configName: 'config' });
    // Replaced whole so a cleared optional (company: none) disappears from the file.
    conf.store = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
    return next;
  }
}
