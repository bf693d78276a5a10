import React from 'react';
import { Box, Text } from 'ink';
import { cursorVisualPosition, wrapLines, type EditorState } from '../../core/practice/editor.js';
import { printable } from '../../core/printable.js';

/**
 * The answer being typed, wrapped to `width`, scrolled so the cursor row is always on screen. A
 * resumed draft comes from a session file, so what is drawn is printable().
 */
export function EditorView({ editor, width, height, placeholder }: { readonly editor: EditorState; readonly width: number; readonly height: number; readonly placeholder?: string }): React.JSX.Element {
  const visual = wrapLines(editor, width - 1);
  const cursor = cursorVisualPosition(editor, width - 1);
  const offset = Math.max(0, cursor.line - height + 1);
  const shown = visual.slice(offset, offset + height);
  const empty = editor.lines.length === 1 && editor.lines[0] === '';
  return (
    <Box flexDirection="column" height={height}>
      {shown.map((v, i) => {
        if (offset + i !== cursor.line) return <Text key={i}>{v.text === '' ? ' ' : printable(v.text)}</Text>;
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
    </Box>
  );
}
