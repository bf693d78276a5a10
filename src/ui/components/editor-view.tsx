import React from 'react';
import { Box, Text } from 'ink';
import { editorWindow, type EditorState } from '../../core/practice/editor.js';
import { printable } from '../../core/printable.js';

/**
 * The answer being typed, wrapped to `width`, scrolled so the cursor row is always on screen. A
 * resumed draft comes from a session file, so what is drawn is printable().
 */
export function EditorView({ editor, width, height, placeholder }: { readonly editor: EditorState; readonly width: number; readonly height: number; readonly placeholder?: string }): React.JSX.Element {
  // Only the lines on screen: wrapping the whole answer on every keystroke made a long pasted line slow to edit.
  const window = editorWindow(editor, width - 1, height);
  const empty = editor.lines.length === 1 && editor.lines[0] === '';
  // Text above or below the window is said, never silently hidden: its edge row becomes a mark.
  const first = window.lines[0];
  const last = window.lines[window.lines.length - 1];
  const above = first !== undefined && (first.row > 0 || first.start > 0) && window.cursor > 0 && height >= 3;
  const below = last !== undefined && (last.row < editor.lines.length - 1 || last.end < (editor.lines[last.row]?.length ?? 0)) && window.cursor < window.lines.length - 1 && height >= 3;
  const lines = window.lines.slice(above ? 1 : 0, below ? -1 : undefined);
  const shown = { lines, cursor: window.cursor - (above ? 1 : 0) };
  return (
    <Box flexDirection="column" height={height}>
      {above ? <Text dimColor>{'↑ more above'.slice(0, Math.max(1, width))}</Text> : null}
      {shown.lines.map((v, i) => {
        if (i !== shown.cursor) return <Text key={i}>{v.text === '' ? ' ' : printable(v.text)}</Text>;
        const at = editor.row === v.row ? Math.max(0, editor.col - v.start) : v.text.length;
        const ch = v.text.codePointAt(at);
        const cursorText = ch === undefined || at >= v.text.length ? ' ' : String.fromCodePoint(ch);
        return (
          <Text key={i}>
            {printable(v.text.slice(0, at))}
            <Text inverse>{printable(cursorText) === '' ? ' ' : cursorText}</Text>
            {at >= v.text.length ? '' : printable(v.text.slice(at + cursorText.length))}
            {empty && placeholder !== undefined ? <Text dimColor>{placeholder}</Text> : ''}
          </Text>
        );
      })}
      {below ? <Text dimColor>{'↓ more below'.slice(0, Math.max(1, width))}</Text> : null}
    </Box>
  );
}
