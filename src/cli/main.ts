#!/usr/bin/env node
/**
 * The command line: program setup, the global --sessions-dir, and turning every error into one
 * line and an exit code. Each command group lives in its own module; this is the only place the
 * process's exit code is decided.
 */
import { Command, CommanderError } from 'commander';
import { printableLine } from '../core/printable.js';
import { Failure, ReportedFailure, UsageError } from './args.js';
import { bankCommands } from './bank.js';
import { cliContext } from './context.js';
import { gradeCommand, regradeCommand } from './grade.js';
import { diffCommand, exportCommand, historyCommand, nextCommand, showCommand } from './history.js';
import { modelCommands } from './model.js';
import { drillCommand, homeScreen, roundCommand } from './practice.js';
import { selftestCommand } from './selftest.js';
import { checkoutVersion } from '../adapters/checkout.js';

function buildProgram(): Command {
  const program = new Command();
  program
    .name('coach')
    .description('Mock-interview coach for LLM-production and ML system-design interviews')
    .version(checkoutVersion(), '-V, --version', 'the version of coach')
    .exitOverride()
    .configureOutput({
      // Commander's errors become the same one-line shape as ours.
      outputError: (text, write) => write(`coach: ${printableLine((text.split('\n')[0] ?? '').replace(/^error: /, ''))} (see coach --help)\n`),
    });
  const context = cliContext(() => program.opts<{ sessionsDir?: string }>().sessionsDir);

  // In the order --help lists them.
  gradeCommand(program);
  bankCommands(program);
  program.option('--sessions-dir <dir>', 'where sessions are kept (default: $COACH_SESSIONS_DIR, then the setting, then sessions/ in the checkout)');
  roundCommand(program, context);
  drillCommand(program, context);
  modelCommands(program);
  regradeCommand(program, context);
  historyCommand(program, context);
  nextCommand(program, context);
  selftestCommand(program);
  diffCommand(program, context);
  exportCommand(program, context);
  showCommand(program, context);
  return program;
}

/** No command, perhaps only --sessions-dir: the home screen. Its sessions directory, or false when a command was given. */
function homeScreenArgs(rest: readonly string[]): { sessionsDir: string | undefined } | false {
  if (rest.length === 0) return { sessionsDir: undefined };
  if (rest.length === 2 && rest[0] === '--sessions-dir') return { sessionsDir: rest[1] };
  if (rest.length === 1 && rest[0]?.startsWith('--sessions-dir=') === true) return { sessionsDir: rest[0].slice('--sessions-dir='.length) };
  return false;
}

async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    const rest = argv.slice(2);
    const home = homeScreenArgs(rest);
    if (home !== false) {
      program.parseOptions([...rest]);
      await homeScreen(home.sessionsDir);
    } else {
      await program.parseAsync([...argv]);
    }
    // The TUI sets it when a signal ends the session (143, 129).
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 || error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : 2;
    }
    if (error instanceof ReportedFailure) return error.exitCode;
    // Messages echo paths and file content: printed as one line a terminal cannot obey.
    if (error instanceof UsageError) {
      process.stderr.write(`coach: ${printableLine(error.message)}\n`);
      return 2;
    }
    if (error instanceof Failure) {
      process.stderr.write(`coach: ${printableLine(error.message)}\n`);
      return 1;
    }
    process.stderr.write(`coach: unexpected error: ${printableLine(error instanceof Error ? error.message : String(error))}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv);
