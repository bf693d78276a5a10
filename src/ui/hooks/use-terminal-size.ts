import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** The smallest terminal the screens are laid out for; below it the app says so instead. */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 20;

export interface TerminalSize {
  /** Columns to draw in: the terminal's, and never fewer than MIN_COLUMNS. */
  readonly columns: number;
  /** Rows to draw in: one fewer than the terminal's, and never fewer than MIN_ROWS - 1. */
  readonly rows: number;
  /** The terminal as it reports itself (80x24 when the stream does not say). */
  readonly terminal: { readonly columns: number; readonly rows: number };
  /** Whether the terminal is smaller than MIN_COLUMNS x MIN_ROWS. */
  readonly tooSmall: boolean;
}

export function terminalSize(columns: number, rows: number): TerminalSize {
  return {
    columns: Math.max(MIN_COLUMNS, columns),
    // One row is left free: Ink clears the whole terminal on every frame once output is as tall as the screen.
    rows: Math.max(MIN_ROWS - 1, rows - 1),
    terminal: { columns, rows },
    tooSmall: columns < MIN_COLUMNS || rows < MIN_ROWS,
  };
}

/** The space to draw in, updated on resize. */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const read = (): TerminalSize => terminalSize(stdout.columns || 80, stdout.rows || 24);
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}
