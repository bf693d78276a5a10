import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfSettingsStore, SettingsFileError, settingsDir } from '../../src/adapters/settings.js';
import { DEFAULT_SETTINGS } from '../../src/schemas/settings.js';

const temps: string[] = [];
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true });
});
function dir(): string {
  const d = mkdtempSync(join(tmpdir(), 'coach-settings-'));
  temps.push(d);
  return d;
}

describe('settings in conf', () => {
  it('are the defaults when there is no file', () => {
    expect(new ConfSettingsStore(dir()).read()).toEqual({ settings: DEFAULT_SETTINGS, problems: [] });
  });

  it('are written through conf and read back from the same file', async () => {
    const d = dir();
    const store = new ConfSettingsStore(d);
    await store.write({ minutes: 55, company: 'amazon', sessionsDir: '/data/coach' });
    expect(JSON.parse(readFileSync(join(d, 'config.json'), 'utf8'))).toMatchObject({ minutes: 55, company: 'amazon' });
    expect(new ConfSettingsStore(d).read().settings).toMatchObject({ minutes: 55, company: 'amazon', sessionsDir: '/data/coach', questions: 3 });
    // Clearing an optional setting removes it.
    await store.write({ company: undefined });
    expect(new ConfSettingsStore(d).read().settings.company).toBeUndefined();
  });

  it('validate every key on read: a bad value is named and replaced by its default, the rest kept', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), JSON.stringify({ minutes: 2, company: 'meta', questions: 5, colour: 'blue' }));
    const { settings, problems } = new ConfSettingsStore(d).read();
    expect(settings).toMatchObject({ minutes: DEFAULT_SETTINGS.minutes, questions: 5 });
    expect(settings.company).toBeUndefined();
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/config\.json: minutes: .*using the default/);
    expect(problems.join('\n')).toContain('company');
    expect(problems.join('\n')).toContain('colour: unknown setting');
  });

  it('survive a file that is not JSON, with one line saying so', () => {
    const d = dir();
    writeFileSync(join(d, 'config.json'), '{ minutes: ');
    expect(new ConfSettingsStore(d).read()).toEqual({ settings: DEFAULT_SETTINGS, problems: [`${join(d, 'config.json')} is not valid JSON, so it was ignored and the defaults are used; fix or delete it`] });
  });

  it('refuse to save over a file that is not JSON, naming it, and leave it for the user to repair', async () => {
    const d = dir();
    const file = join(d, 'config.json');
    writeFileSync(file, '{ "minutes": 30, ');
    const error = await new ConfSettingsStore(d).write({ modelPath: '/m.gguf' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SettingsFileError);
    expect((error as Error).message).toBe(`${file} is not valid JSON; fix or delete it, then try again`);
    expect(readFileSync(file, 'utf8')).toBe('{ "minutes": 30, ');
  });

  it('read a FIFO standing in for the file as a problem, without waiting for a writer', () => {
    const d = dir();
    execFileSync('mkfifo', [join(d, 'config.json')]);
    expect(new ConfSettingsStore(d).read()).toEqual({ settings: DEFAULT_SETTINGS, problems: [`${join(d, 'config.json')} is not a regular file, so it was ignored and the defaults are used; fix or delete it`] });
  });

  it('live where COACH_CONFIG_DIR says, else in the platform config folder', () => {
    expect(settingsDir({ COACH_CONFIG_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(settingsDir({ XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toBe('/home/u/.config/coach-nodejs');
  });
});
