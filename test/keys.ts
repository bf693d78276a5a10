/** Key sequences as an xterm-compatible terminal sends them in normal (not application) cursor mode. */
export const keys = {
  enter: '\r',
  esc: '\u001b',
  tab: '\t',
  backspace: '\u007f',
  delete: '\u001b[3~',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  home: '\u001b[H',
  end: '\u001b[F',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  ctrlC: '\u0003',
  ctrlD: '\u0004',
  ctrlS: '\u0013',
} as const;
