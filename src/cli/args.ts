/** What every command checks of its arguments, and the errors a user can cause: one line each, exit 2 (exit 1 for a Failure). */
import { questionExists } from '../adapters/fs-bank.js';
import { printableLine } from '../core/printable.js';
import type { BankProblem } from '../ports.js';

/** An error the user caused: printed as one line, exit code 2. */
export class UsageError extends Error {}

/** Something went wrong that the user did not cause but can act on (a full or read-only disk): one line, exit code 1. */
export class Failure extends Error {}

/** The command has already reported what is wrong (e.g. every problem in the bank); exit with this code and say nothing more. */
export class ReportedFailure extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export function intFlag(name: string, value: string, min: number, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not '${value}'`);
  return n;
}

/** A question id as typed (any case), checked against the shipped bank before anything loads; the id in lower case. */
export function questionIdFlag(raw: string): string {
  const id = raw.toLowerCase();
  if (!questionExists(id)) throw new UsageError(`unknown question '${raw}': run coach bank list to see the ids`);
  return id;
}

/** A bank problem as one printable line: file names and YAML errors can carry anything the file held. */
export function problemLine(p: BankProblem): string {
  return printableLine(`${p.file}: ${p.path.length > 0 ? `${p.path}: ` : ''}${p.message}`);
}

export function isTerminal(): boolean {
  return process.stdin.isTTY === true && process.stdout.isTTY === true;
}

/** Interactive commands need a keyboard and a screen; piped or in CI they stop at once. */
export function requireTerminal(what: string): void {
  if (!isTerminal()) throw new UsageError(`${what} is interactive and needs a terminal (stdin and stdout are not both a TTY); for scripts use coach grade, coach history --json or coach show`);
}
