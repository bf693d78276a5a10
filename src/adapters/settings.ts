import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { SettingsStore, SettingsRead } from '../ports.js';
import { DEFAULT_SETTINGS, Settings } from '../schemas/settings.js';
import { formatPath } from './fs-bank.js';

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

  read(): SettingsRead {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { settings: DEFAULT_SETTINGS, problems: [] };
      return { settings: DEFAULT_SETTINGS, problems: [`${this.path}: ${(error as Error).message}; using the defaults`] };
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      return { settings: DEFAULT_SETTINGS, problems: [`${this.path}: not valid JSON; using the defaults`] };
    }
    return validateSettings(raw, this.path);
  }

  async write(patch: Partial<Settings>): Promise<Settings> {
    const next = Settings.parse({ ...this.read().settings, ...patch });
    const { default: Conf } = await import('conf');
    const conf = new Conf<Record<string, unknown>>({ projectName: PROJECT, cwd: this.dir, configName: 'config' });
    // Replaced whole so a cleared optional (company: none) disappears from the file.
    conf.store = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined));
    return next;
  }
}
