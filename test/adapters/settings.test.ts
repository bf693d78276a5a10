import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfSettingsStore, settingsDir } from '../../src/adapters/settings.js';
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
    expect(new ConfSettingsStore(d).read()).toEqual({ settings: DEFAULT_SETTINGS, problems: [`${join(d, 'config.json')}: not valid JSON; using the defaults`] });
  });

  it('live where COACH_CONFIG_DIR says, else in the platform config folder', () => {
    expect(settingsDir({ COACH_CONFIG_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(settingsDir({ XDG_CONFIG_HOME: '/home/u/.config' }, 'linux')).toBe('/home/u/.config/coach-nodejs');
  });
});
