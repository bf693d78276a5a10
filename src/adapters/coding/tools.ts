/**
 * The coding round's hands on the machine: the solution file under the sessions directory, the
 * user's own editor ($VISUAL, then $EDITOR, run through the shell as git does), a watch on the
 * file so a save in any editor runs the visible tests, and the test runner.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { CodingTools } from '../../ports.js';
import { SOLUTION_FILES } from '../../schemas/coding.js';
import { writeFileAtomic } from '../atomic-write.js';
import { pythonAvailable, runTests } from './run-tests.js';

const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[2J\u001b[H';

export function editorFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['VISUAL', 'EDITOR']) {
    const value = env[name]?.trim();
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

export function fsCodingTools(sessionsDir: string, env: NodeJS.ProcessEnv = process.env): CodingTools {
  return {
    run: (entry, language, code, kind, at) => runTests(entry, language, code, kind, at),
    pythonAvailable,
    editorCommand: () => editorFromEnv(env),
    async writeSolution(sessionId, language, code) {
      const path = join(sessionsDir, 'coding', sessionId, SOLUTION_FILES[language]);
      mkdirSync(dirname(path), { recursive: true });
      await writeFileAtomic(path, code);
      return path;
    },
    async readSolution(path) {
      try {
        return await readFile(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    edit(path) {
      const editor = editorFromEnv(env);
      if (editor === undefined) return 'no editor: set $VISUAL or $EDITOR, or use the built-in one';
      const stdin = process.stdin;
      const raw = stdin.isTTY && stdin.isRaw;
      if (raw) stdin.setRawMode(false);
      try {
        // As git does: the variable may hold arguments ("code --wait"), so the shell splits it.
        const result = spawnSync('/bin/sh', ['-c', `${editor} "$@"`, editor, path], { stdio: 'inherit', env });
        if (result.error !== undefined) return `${editor} could not run: ${result.error.message}`;
        if (result.status !== 0) return `${editor} exited with code ${result.status ?? result.signal ?? '?'}; the file is read as it stands`;
        return undefined;
      } finally {
        if (raw) stdin.setRawMode(true);
        // A full-screen editor leaves the alternate screen on exit: coach's screen comes back whole.
        if (process.stdout.isTTY) process.stdout.write(ENTER_ALT_SCREEN);
      }
    },
    watch(path, onChange) {
      let last: string | undefined;
      try {
        last = readFileSync(path, 'utf8');
      } catch {
        last = undefined;
      }
      const listener = (): void => {
        let text: string;
        try {
          text = readFileSync(path, 'utf8');
        } catch {
          return;
        }
        if (text === last) return;
        last = text;
        onChange(text);
      };
      // Polling, not fs.watch: editors save by rename, which a watch on the old inode misses.
      watchFile(path, { interval: 500, persistent: false }, listener);
      return () => unwatchFile(path, listener);
    },
  };
}
