/**
 * History by kind (issue 17): each session is labelled round, scenario or its drill's kind, scores
 * the same way on screen and piped, and offers only the actions that make sense for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { answeredDrill, fixture, gradedRound, prepared } from '../helpers.js';
import { keys, MemoryStore, renderApp, type Harness } from './render.js';
import { digestOf, summarize } from '../../src/core/progress/history.js';
import { formatHistory, historyReport } from '../../src/ui/reports/history-report.js';

let open: Harness | undefined;
afterEach(() => {
  open?.unmount();
  open = undefined;
});

async function mixed(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const q23 = await prepared('q23');
  store.saveSync(gradedRound('20261120-090000-aaaa', '2026-11-20T09:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]));
  store.saveSync({ ...gradedRound('20261120-100000-scen', '2026-11-20T10:00:00.000Z', [{ q: q23, text: fixture('q23-strong.md') }]), settings: { scenario: true } });
  store.saveSync(answeredDrill('20261121-090000-rapd', '2026-11-21T09:00:00.000Z', 'rapid-fire', [true, false]));
  store.saveSync(answeredDrill('20261121-100000-flaw', '2026-11-21T10:00:00.000Z', 'spot-the-flaw', [true, true, true, false]));
  store.saveSync(answeredDrill('20261121-110000-nmbr', '2026-11-21T11:00:00.000Z', 'numbers', [false, false, true, true, true]));
  return store;
}

describe('history by kind', () => {
  it('labels every session by its kind in the list, and scores drills by the share right', async () => {
    const h = (open = await renderApp({ kind: 'history' }, { store: await mixed(), columns: 100, rows: 30 }));
    const list = await h.waitFor('5 sessions');
    const row = (id: string): string => list.split('\n').find((l) => l.includes(id)) ?? '';
    expect(row('aaaa')).toMatch(/\sround\s/);
    expect(row('scen')).toMatch(/\sscenario\s/);
    expect(row('rapd')).toMatch(/\srapid-fire\s.*\s50%$/);
    expect(row('flaw')).toMatch(/\sspot-flaw\s.*\s75%$/);
    expect(row('nmbr')).toMatch(/\snumbers\s.*\s60%$/);
  });

  it('prints the same scores piped: a drill is its share right, never "overall -"', async () => {
    const store = await mixed();
    const sessions = [...store.sessions.values()].map(digestOf);
    const text = formatHistory(historyReport(sessions, sessions.map(summarize), []));
    const line = (id: string): string => text.split('\n').find((l) => l.includes(id)) ?? '';
    expect(line('rapd')).toMatch(/rapid-fire\s+2 prompts\s+right\s+50%$/);
    expect(line('nmbr')).toMatch(/numbers\s+5 prompts\s+right\s+60%$/);
    expect(line('aaaa')).toMatch(/round\s+1 question\s+overall\s+\d+$/);
    expect(text).not.toMatch(/drill .*overall\s+-/);
  });

  it('says nothing about weak dimensions when history holds only drills', async () => {
    const store = new MemoryStore();
    store.saveSync(answeredDrill('20261121-090000-rapd', '2026-11-21T09:00:00.000Z', 'rapid-fire', [true, false]));
    const h = (open = await renderApp({ kind: 'history' }, { store, columns: 100, rows: 30 }));
    expect(await h.waitFor('1 session')).not.toContain('Weakest');
  });

  it('Home and End go to the newest and the oldest session', async () => {
    const h = (open = await renderApp({ kind: 'history' }, { store: await mixed(), columns: 100, rows: 30 }));
    await h.waitFor('5 sessions');
    await h.press('\u001b[F');
    expect(h.frame().split('\n').find((l) => l.startsWith('❯'))).toContain('20261120-090000-aaaa');
    await h.press('\u001b[H');
    expect(h.frame().split('\n').find((l) => l.startsWith('❯'))).toContain('20261121-110000-nmbr');
  });

  it('offers diff only on a round: on a drill d does nothing and the footer does not offer it', async () => {
    const h = (open = await renderApp({ kind: 'history' }, { store: await mixed(), columns: 100, rows: 30 }));
    await h.waitFor('5 sessions');
    // Newest first: the numbers drill is the first row.
    await h.press(keys.enter);
    const page = await h.waitFor('20261121-110000-nmbr', 'the drill page');
    expect(page).toContain('numbers drill');
    expect(page).toContain('e export Markdown');
    expect(page).not.toContain('diff with the attempt before');
    await h.press('d');
    expect(h.frame()).not.toContain('Nothing to compare');
    expect(h.frame()).not.toContain('Attempt diff');
  });
});
