/** The model commands through the built CLI, on a random-weight GGUF the suite writes. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FsSessionStore } from '../../src/adapters/session-store.js';
import { SHAPES, writeRandomGguf } from '../fixtures/gguf/generate.js';
import { fixture, gradedRound, prepared, runCli } from '../helpers.js';

const work = mkdtempSync(join(tmpdir(), 'coach-model-cli-'));
const model = join(work, 'tiny.gguf');
// Letter pairs and triples, as a real vocabulary has: in single bytes q23's prompt would not fit the
// 4096-token context the CLI opens, and the grade would say so instead of asking the model.
writeRandomGguf(model, { ...SHAPES.tiny, vocabSize: 49152 }, { type: 'Q8_0', seed: 11 });
// One thread: other test files run beside this one on a 2-core machine.
const env = { COACH_CONFIG_DIR: join(work, 'config'), COACH_SESSIONS_DIR: join(work, 'sessions'), COACH_MODEL_THREADS: '1' };

let llamaError: string | undefined;
try {
  await import('node-llama-cpp');
} catch (error) {
  llamaError = String(error);
}

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(llamaError !== undefined)('coach model', () => {
  it('says no model is configured, and how to add one', () => {
    const r = runCli(['model', 'status'], undefined, env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No model configured');
    expect(r.stdout).toContain('coach model use FILE.gguf');
    expect(JSON.parse(runCli(['model', 'status', '--json'], undefined, env).stdout)).toMatchObject({ configured: false, grader: 'rubric' });
  });

  it('refuses a file that is not a model with one line and exit 2, and keeps no setting', () => {
    const notes = join(work, 'notes.txt');
    writeFileSync(notes, 'not a model');
    const r = runCli(['model', 'use', notes], undefined, env);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`coach: ${notes} is not a GGUF model file (it does not start with "GGUF")`]);
  });

  it('uses a GGUF file: loads it once, reports where it runs, and saves it in the settings', () => {
    const r = runCli(['model', 'use', model], undefined, env);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/backend\s+CPU, 1 thread$/m);
    expect(JSON.parse(readFileSync(join(work, 'config', 'config.json'), 'utf8'))).toMatchObject({ modelPath: model });
    const status = JSON.parse(runCli(['model', 'status', '--json'], undefined, env).stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ configured: true, loaded: true, backend: 'cpu', grader: 'rubric+model', path: model });
  });

  it('grades with the model when asked, and never credits what the answer does not say', () => {
    const r = runCli(['grade', '-q', 'q23', '-f', 'examples/q23-answer.md', '--model', '--json'], undefined, { ...env, COACH_MODEL: model });
    expect(r.status).toBe(0);
    const grade = JSON.parse(r.stdout) as { grader: string; criteria: { met: boolean; decidedBy: string; evidence: { text: string }[] }[] };
    const answer = readFileSync('examples/q23-answer.md', 'utf8');
    for (const c of grade.criteria.filter((x) => x.met)) for (const e of c.evidence) expect(answer).toContain(e.text);
    // What it waited for is said on stderr, step by step, and the report on stdout is JSON alone.
    const said = r.stderr.trim().split('\n');
    expect(said[0]).toMatch(/^coach: loading the model… \d+ s$/);
    expect(said).toContainEqual(expect.stringMatching(/^coach: the model is checking \d+ criteria… \d+ s$/));
    expect(said.at(-1)).toMatch(/^coach: (The model checked|Model grader not used).*\(\d+\.\d s\)$/);
    // The grade names the grader that decided it, the same as the line on stderr: random weights may rule on nothing.
    expect(grade.grader).toBe(said.at(-1)?.startsWith('coach: The model checked') === true ? 'rubric+model' : 'rubric');
  });

  it('lists the recommended models by size and backend', () => {
    const r = runCli(['model', 'pull', '--list'], undefined, env);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('hf:bartowski/Qwen2.5-3B-Instruct-GGUF:Q4_K_M');
    expect(r.stdout).toMatch(/GPU with 8 GB/);
  });
});

describe('coach regrade', () => {
  it('grades a saved session again, prints before and after, and saves it', async () => {
    const store = new FsSessionStore(join(work, 'sessions'), { indexDir: join(work, 'index') });
    const q23 = await prepared('q23');
    const session = gradedRound('20261122-100000-rgrd', '2026-11-22T10:00:00.000Z', [{ q: q23, text: fixture('q23-weak.md') }]);
    const stale = { ...session, questions: session.questions.map((q) => ({ ...q, answers: q.answers.map((a) => ({ ...a, grade: { ...a.grade, overall: 99 } })) })) };
    await store.save(stale);
    const r = runCli(['regrade', session.id, '--rubric'], undefined, env);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/q23 answer\s+99 ->\s+\d+\s+\(rubric\)/);
    const after = await store.load(session.id);
    expect(after?.questions[0]?.answers[0]?.grade.overall).toBe(session.questions[0]?.answers[0]?.grade.overall);
    expect(runCli(['regrade', '20991231-000000-none'], undefined, env).status).toBe(2);
  });
});
