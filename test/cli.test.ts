import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../src/schemas/bank.js';
import { Grade } from '../src/schemas/grade.js';
import { CLI, ROOT, fixture, runCli } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'coach-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const strongFile = join(ROOT, 'test/fixtures/answers/q01-strong.md');
/** What a terminal would obey: ESC, BEL, the other C0 controls but newline, DEL and C1. */
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

/** The built CLI from bash, for process substitution (<(cmd)), which spawnSync alone cannot give. */
function bashCli(args: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('bash', ['-c', `exec "$0" "$1" ${args}`, process.execPath, CLI], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 15_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function oneLineError(r: { status: number | null; stdout: string; stderr: string }): string {
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  return lines[0] ?? '';
}

describe('coach grade', () => {
  it('prints the report: dimensions, quoted evidence, misses, red flags and the first gap', () => {
    const r = runCli(['grade', '--question', 'q01', '--answer-file', strongFile]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Overall \d+\/100/);
    for (const d of DIMENSIONS) expect(r.stdout).toMatch(new RegExp(`${d}\\s+[█░]{4} \\d/4`));
    expect(r.stdout).toContain('p95 time to first token under 400 ms');
    expect(r.stdout).toMatch(/First gap/);
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('grades in a company mode: the report and the JSON say which, and the grade differs', () => {
    const amazon = runCli(['grade', '-q', 'q23', '--company', 'amazon', '--json'], fixture('q23-strong.md'));
    const startup = runCli(['grade', '-q', 'q23', '--company', 'startup', '--json'], fixture('q23-strong.md'));
    const a = Grade.parse(JSON.parse(amazon.stdout));
    const s = Grade.parse(JSON.parse(startup.stdout));
    expect(a.company?.why).toMatch(/^Graded in Amazon mode/);
    expect(s.company?.why).toMatch(/^Graded in Startup mode/);
    expect(a.overall).not.toBe(s.overall);
    expect(runCli(['grade', '-q', 'q23', '--company', 'amazon'], fixture('q23-strong.md')).stdout.split('\n')[1]).toMatch(/^Graded in Amazon mode/);
    expect(oneLineError(runCli(['grade', '-q', 'q23', '--company', 'meta'], fixture('q23-strong.md')))).toMatch(/Allowed choices are amazon, google, startup/);
  });

  it('--reference adds the 90-second reference answer, annotated, after the report', () => {
    const r = runCli(['grade', '-q', 'q23', '--reference'], fixture('q23-weak.md'));
    expect(r.status).toBe(0);
    const key = r.stdout.slice(r.stdout.indexOf('What a strong answer sounds like'));
    expect(key).toMatch(/^What a strong answer sounds like\n  Avoid: /);
    expect(key).toMatch(/In 90 seconds \(\d+ words, scores (8[5-9]|9\d|100)\/100\)/);
    expect(key).toMatch(/↳ earns [a-z-]+/);
    expect(key).not.toContain('In full');
  });

  it('prints one JSON object with the documented fields, and reads stdin', () => {
    const r = runCli(['grade', '-q', 'q01', '--json'], fixture('q01-weak.md'));
    expect(r.status).toBe(0);
    const parsed = Grade.parse(JSON.parse(r.stdout));
    expect(parsed.questionId).toBe('q01');
    expect(parsed.grader).toBe('rubric');
    expect(Object.keys(parsed.dimensions).sort()).toEqual([...DIMENSIONS].sort());
    expect(parsed.criteria.every((c) => typeof c.met === 'boolean' && Array.isArray(c.evidence))).toBe(true);
    expect(parsed.redFlags.map((f) => f.id)).toContain('just-add-gpus');
    expect(parsed.firstGap?.dimension).toBe('constraints');
  });

  it('refuses bad input with one clear line and exit 2', () => {
    expect(oneLineError(runCli(['grade', '-q', 'q99', '-f', strongFile]))).toMatch(/unknown question 'q99'/);
    expect(oneLineError(runCli(['grade', '-q', 'q01', '-f', join(tmp, 'missing.md')]))).toMatch(/cannot read answer file .*no such file/);
    const empty = join(tmp, 'empty.md');
    writeFileSync(empty, '  \n\n ');
    expect(oneLineError(runCli(['grade', '-q', 'q01', '-f', empty]))).toMatch(/is empty/);
    const huge = join(tmp, 'huge.md');
    writeFileSync(huge, 'word '.repeat(25_000));
    expect(oneLineError(runCli(['grade', '-q', 'q01', '-f', huge]))).toMatch(/limit is 100 KB/);
    expect(oneLineError(runCli(['grade', '-q', 'q01'], 'x '.repeat(60_000)))).toMatch(/over 100 KB/);
    expect(oneLineError(runCli(['grade', '-q', 'q01'], ''))).toMatch(/empty/);
    expect(oneLineError(runCli(['grade', '-q', 'q01', '--bogus']))).toMatch(/unknown option/);
  });
});

describe('coach grade: what it reads and what it prints', () => {
  it('caps a pipe or FIFO by the bytes read, not by the size stat reports (0)', () => {
    expect(oneLineError(bashCli(`grade -q q23 -f <(head -c 20000000 /dev/zero | tr '\\0' a)`))).toMatch(/^coach: answer file '\/dev\/fd\/\d+' runs past 100 KB; the limit is 100 KB$/);
  });

  it.skipIf(!existsSync('/dev/zero'))('stops reading /dev/zero at the limit instead of growing without end', () => {
    expect(oneLineError(runCli(['grade', '-q', 'q23', '-f', '/dev/zero']))).toBe("coach: answer file '/dev/zero' runs past 100 KB; the limit is 100 KB");
  });

  it('refuses binary, non-UTF-8 and control-only answers with one line', () => {
    expect(oneLineError(runCli(['grade', '-q', 'q23'], '\u0000\u0000\u0000'))).toBe('coach: the answer on stdin is binary (it contains NUL bytes), not text');
    const latin1 = join(tmp, 'latin1.md');
    writeFileSync(latin1, Buffer.from('We cap the caf\xe9 queue at 200 requests per second.', 'latin1'));
    expect(oneLineError(runCli(['grade', '-q', 'q23', '-f', latin1]))).toBe(`coach: answer file '${latin1}' is not UTF-8 text`);
    expect(oneLineError(runCli(['grade', '-q', 'q23'], '\u001b]0;PWNED\u0007\u001b[2J \n\t\n'))).toBe('coach: the answer on stdin is empty');
  });

  it('prints quotes from the answer without the escape sequences in it, as text and as JSON', () => {
    const answer = fixture('q23-strong.md').replace('p95 TTFT went from', 'p95 TTFT\u001b]0;PWNED\u0007 went from').replace('Then I check the deploy', 'Then I\u009b2J check the deploy');
    const text = runCli(['grade', '-q', 'q23'], answer);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('"so I check that p95 TTFT went from about 900 ms to 4 s');
    expect(text.stdout).toContain('"Then I check the deploy log');
    expect(text.stdout).not.toMatch(TERMINAL_CONTROL);
    const json = runCli(['grade', '-q', 'q23', '--json'], answer);
    expect(json.stdout).not.toMatch(TERMINAL_CONTROL);
    // Escaped, not dropped: the JSON still carries the answer's exact characters.
    const quotes = (JSON.parse(json.stdout) as Grade).criteria.flatMap((c) => c.evidence.map((e) => e.text));
    expect(quotes.some((q) => q.includes('\u009b2J'))).toBe(true);
  });

  it('prints an error echoing a path as one line a terminal cannot obey', () => {
    const r = runCli(['grade', '-q', 'q23', '-f', join(tmp, 'missing\u001b]0;PWNED\u0007\n.md')]);
    expect(oneLineError(r)).toMatch(/^coach: cannot read answer file '.*missing \.md': no such file$/);
    expect(r.stderr.trimEnd()).not.toMatch(TERMINAL_CONTROL);
  });
});

describe('coach bank', () => {
  it('lists the questions and rapid-fire sets, as text and JSON', () => {
    const text = runCli(['bank', 'list']);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('q23');
    expect(text.stdout).toMatch(/Rapid-fire \(\d+ items\)/);
    const json = JSON.parse(runCli(['bank', 'list', '--json']).stdout) as { questions: { id: string }[]; rapidFire: unknown[] };
    expect(json.questions).toHaveLength(32);
    expect(json.rapidFire.length).toBeGreaterThanOrEqual(40);
  });

  it('shows one question with its ladder and rubric', () => {
    const r = runCli(['bank', 'show', 'q07']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^q07 · /);
    expect(r.stdout).toContain('Follow-up ladder');
    expect(r.stdout).toContain('[rollback]');
    expect(oneLineError(runCli(['bank', 'show', 'q77']))).toMatch(/unknown question/);
  });

  it('validates: exit 0 on the shipped bank, exit 2 listing every problem in a broken copy', () => {
    const ok = runCli(['bank', 'validate']);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/bank ok: 32 questions \(32 reference answers\), \d+ rapid-fire items, \d+ preparation drill items, 32 spot-the-flaw answers and 6 coding problems/);

    const dir = join(tmp, 'bank');
    cpSync(join(ROOT, 'questions'), join(dir, 'questions'), { recursive: true });
    cpSync(join(ROOT, 'rubrics'), join(dir, 'rubrics'), { recursive: true });
    const q03 = join(dir, 'questions', 'q03.yaml');
    writeFileSync(q03, readFileSync(q03, 'utf8').replace(/^cluster: \w+/m, 'cluster: frontend'));
    const q05 = join(dir, 'questions', 'q05.yaml');
    writeFileSync(q05, readFileSync(q05, 'utf8').replace(/^timeBudgetSec: \d+/m, 'timeBudgetSec: ten minutes'));
    // A spot-the-flaw answer that loads but whose "flawed" part shows no flaw is a content problem.
    const same = 'We roll back automatically if p95 TTFT stays above 800 ms for 5 minutes.';
    const part = (flag: string): string => `  - flag: ${flag}\n    sound: ${same}\n    flawed: ${same}\n    named: [{ all: [rollback] }]\n    critique: There is no rollback plan.\n`;
    writeFileSync(join(dir, 'questions', 'flaws', 'q01.yaml'), `question: q01\nparts:\n  - text: We serve the model on vLLM.\n${part('fix-forward')}${part('utilisation-as-health')}`);
    // A question with no reference answer, and a reference answer that is not strong.
    rmSync(join(dir, 'questions', 'reference', 'q07.yaml'));
    const q09 = join(dir, 'questions', 'reference', 'q09.yaml');
    writeFileSync(q09, readFileSync(q09, 'utf8').replace(/^short: [\s\S]*?^full:/m, 'short: >-\n  We should add more GPUs and roll back if it looks bad.\nfull:'));
    // A coding problem whose test expects the wrong value, and one without its Python starter.
    const tests = join(dir, 'questions', 'coding', 'token-bucket', 'tests.yaml');
    writeFileSync(tests, readFileSync(tests, 'utf8').replace('- [available, [acme, 1010], 10]', '- [available, [acme, 1010], 11]'));
    rmSync(join(dir, 'questions', 'coding', 'kv-allocator', 'starter.py'));
    const r = runCli(['bank', 'validate', '--dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^questions\/coding\/token-bucket\/tests\.yaml: the bucket refills continuously at the per-minute rate: the node reference fails it: call 2, available\("acme", 1010\) returned 10, expected 11$/m);
    expect(r.stderr).toMatch(/^questions\/coding\/kv-allocator\/starter\.py: missing: every coding problem has a starter and a reference per language, and scale\.mjs$/m);
    expect(r.stderr).toMatch(/^questions\/q03\.yaml: cluster: .*expected one of/m);
    expect(r.stderr).toMatch(/^questions\/q05\.yaml: timeBudgetSec: /m);
    expect(r.stderr).toMatch(/^questions\/flaws\/q01\.yaml: parts: planted \[fix-forward\]: the answer does not raise fix-forward/m);
    // The broken questions' own flaw sets are skipped without a second problem each.
    expect(r.stderr).not.toMatch(/flaws\/q0[35]\.yaml/);
    expect(r.stderr).toMatch(/^questions\/reference\/q07\.yaml: no reference answer: write questions\/reference\/q07\.yaml/m);
    expect(r.stderr).toMatch(/^questions\/reference\/q09\.yaml: the 90-second version scores \d, under 85; first gap: /m);
    expect(r.stderr).toMatch(/^questions\/reference\/q09\.yaml: the 90-second version changed since it was annotated/m);
    expect(r.stderr).toMatch(/\d+ problems; 30 questions \(28 reference answers\), \d+ rapid-fire items, \d+ preparation drill items, 29 spot-the-flaw answers and 4 coding problems are valid/);
    expect(oneLineError(runCli(['bank', 'validate', '--dir', join(tmp, 'nowhere')]))).toMatch(/cannot read bank directory/);
  });
});

describe('bank validate on files that are not text files', () => {
  it('reports a FIFO and an oversized file in the bank as problems instead of hanging', () => {
    const dir = join(tmp, 'fifo-bank');
    cpSync(join(ROOT, 'questions'), join(dir, 'questions'), { recursive: true });
    cpSync(join(ROOT, 'rubrics'), join(dir, 'rubrics'), { recursive: true });
    unlinkSync(join(dir, 'questions', 'q04.yaml'));
    spawnSync('mkfifo', [join(dir, 'questions', 'q04.yaml')]);
    writeFileSync(join(dir, 'rubrics', 'q06.yaml'), `# ${'x'.repeat(1100 * 1024)}\n`);
    const r = runCli(['bank', 'validate', '--dir', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^questions\/q04\.yaml: cannot read: it is not a regular file$/m);
    expect(r.stderr).toMatch(/^rubrics\/q06\.yaml: cannot read: it is 2 MB; the limit is 1 MB$/m);
  });
});

describe('coach model', () => {
  const env = { COACH_CONFIG_DIR: join(tmp, 'model-config') };

  it('refuses a model file that cannot be read with one line and exit 2', () => {
    // Root reads any file whatever its mode; /proc/self/mem is a regular file whose first page read fails (EIO).
    let unreadable = '/proc/self/mem';
    if (process.getuid?.() !== 0 || !existsSync(unreadable)) {
      unreadable = join(tmp, 'locked.gguf');
      writeFileSync(unreadable, 'GGUF', { mode: 0o000 });
    }
    expect(oneLineError(runCli(['model', 'use', unreadable], undefined, env))).toMatch(new RegExp(`^coach: ${unreadable.replaceAll('.', '\\.')} cannot be read \\((i/o error|permission denied)\\)$`));
  });

  it('model use --none stops using a model, and says when $COACH_MODEL still names one', () => {
    const config = join(tmp, 'none-config');
    mkdirSync(config);
    writeFileSync(join(config, 'config.json'), JSON.stringify({ modelPath: '/models/a.gguf', minutes: 30 }));
    const r = runCli(['model', 'use', '--none'], undefined, { COACH_CONFIG_DIR: config });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('No model: coach grades with the rubric grader and interviews from its scripts.\n');
    const saved = JSON.parse(readFileSync(join(config, 'config.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).not.toHaveProperty('modelPath');
    expect(saved['minutes']).toBe(30);
    expect(runCli(['model', 'status'], undefined, { COACH_CONFIG_DIR: config }).stdout).toContain('No model configured');
    const withEnv = runCli(['model', 'use', '--none'], undefined, { COACH_CONFIG_DIR: config, COACH_MODEL: '/models/b.gguf' });
    expect(withEnv.stdout).toBe('The saved model is cleared, but $COACH_MODEL still names /models/b.gguf: unset it to stop using a model.\n');
    expect(oneLineError(runCli(['model', 'use', '/models/a.gguf', '--none'], undefined, { COACH_CONFIG_DIR: config }))).toMatch(/give a model file or --none, not both/);
    expect(oneLineError(runCli(['model', 'use'], undefined, { COACH_CONFIG_DIR: config }))).toMatch(/which model\? give a \.gguf file, or --none/);
  });

  it('names a corrupt config.json and says it was ignored', () => {
    const config = join(tmp, 'corrupt-config');
    mkdirSync(config);
    writeFileSync(join(config, 'config.json'), '{ "modelPath": "/models/a.gguf", ');
    const r = runCli(['model', 'status'], undefined, { COACH_CONFIG_DIR: config });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No model configured');
    expect(r.stderr).toBe(`coach: ${join(config, 'config.json')} is not valid JSON, so it was ignored and the defaults are used; fix or delete it\n`);
  });
});

describe('coach drill', () => {
  it('refuses a bad --focus or a mix of drills with one clear line, before asking for a terminal', () => {
    expect(oneLineError(runCli(['drill', '--focus', 'q05']))).toMatch(/--focus takes a question and a dimension, e\.g\. q05:rollback, not 'q05' \(dimensions: constraints, /);
    expect(oneLineError(runCli(['drill', '--focus', 'q99:rollback']))).toMatch(/unknown question 'q99'/);
    expect(oneLineError(runCli(['drill', '--focus', 'q05:rollback', '--count', '3']))).toMatch(/--count does not apply to --focus/);
    expect(oneLineError(runCli(['drill', '--spot-the-flaw', '--focus', 'q05:rollback']))).toMatch(/choose one/);
    // Valid flags reach the terminal check: a drill is interactive.
    expect(oneLineError(runCli(['drill', '--spot-the-flaw', '--count', '2']))).toMatch(/coach drill is interactive and needs a terminal/);
  });

  it('takes --kind for each drill, and refuses an unknown kind or two kinds at once', () => {
    for (const kind of ['rapid-fire', 'spot-the-flaw', 'numbers', 'scripts', 'first-questions', 'triage', 'story']) {
      expect(oneLineError(runCli(['drill', '--kind', kind]))).toMatch(/coach drill is interactive and needs a terminal/);
    }
    expect(oneLineError(runCli(['drill', '--kind', 'trivia']))).toMatch(/option '-k, --kind <kind>' argument 'trivia' is invalid. Allowed choices are rapid-fire, spot-the-flaw, numbers, scripts, first-questions, triage, story/);
    expect(oneLineError(runCli(['drill', '--kind', 'numbers', '--spot-the-flaw']))).toMatch(/--spot-the-flaw and --kind numbers are different drills: choose one/);
    expect(oneLineError(runCli(['drill', '--kind', 'triage', '--focus', 'q05:rollback']))).toMatch(/--focus and --kind triage are different drills: choose one/);
  });
});

describe('coach --version', () => {
  it('prints the version from package.json and exits 0', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = runCli([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(pkg.version);
    }
  });
});

describe('package.json allowScripts', () => {
  it('names every installed dependency with an install script, so a stricter npm does not skip it on a fresh machine', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: Record<string, boolean> };
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const scripted = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript === true)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(scripted.length).toBeGreaterThan(0);
    for (const name of scripted) expect(pkg.allowScripts?.[name], `${name} runs an install script`).toBe(true);
  });
});
