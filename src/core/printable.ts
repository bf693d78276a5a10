/**
 * Text that came from a user or a file, made safe to print: a terminal must show it, never obey it.
 * Every report, export and TUI line passes content through here, so an answer, a session title or a
 * file name cannot set the window title, move the cursor, clear the screen or write to the clipboard.
 */

/**
 * Escape sequences and lone controls, in the order they are tried at each position:
 * strings (OSC, DCS, SOS, PM, APC) up to BEL or ST; CSI with its parameters; any other ESC
 * sequence; then any C0 control but tab and newline, DEL and the C1 controls. A string with no
 * terminator loses only its introducer: what follows is printable text once the ESC is gone.
 * A string's body stops at the next control, so scanning stays linear on hostile input.
 */
const CONTROL_SEQUENCE =
  /(?:\u001b[\]PX^_]|[\u0090\u0098\u009d-\u009f])[^\u0000-\u001f\u007f-\u009f]*(?:\u0007|\u001b\\|\u009c)|(?:\u001b\[|\u009b)[\u0030-\u003f]*[\u0020-\u002f]*[\u0040-\u007e]|\u001b[\u0020-\u002f]*[\u0030-\u007e]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text with every control character and escape sequence removed; newlines and tabs stay. */
export function printable(text: string): string {
  return text.replace(CONTROL_SEQUENCE, '');
}

/** As printable, on one line: for messages that must stay one line (errors echoing a path or a file name). */
export function printableLine(text: string): string {
  return printable(text).replace(/[\t\n]+/g, ' ');
}

/**
 * JSON for a terminal: JSON.stringify escapes C0 controls but leaves DEL and the C1 controls raw,
 * and some terminals obey C1 (U+009B is CSI). Escaped, the JSON still parses to the same value.
 */
export function terminalJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
