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
  const shown = editorWindow(editor, width - 1, height);
  const empty = editor.lines.length === 1 && editor.lines[0] === '';
  return (
    <Box flexDirection="column" height={height}>
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
    </Box>
  );
}
