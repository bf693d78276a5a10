import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { editorFrom, editorReducer, editorText, type EditorState } from '../../core/practice/editor.js';
import { CLUSTERS, COMPANIES } from '../../schemas/constants.js';
import type { Settings } from '../../schemas/settings.js';
import { editorActionFor, isCommand } from '../keys.js';
import { EditorView } from '../components/editor-view.js';
import { useKeys } from '../hooks/use-keys.js';
import type { Services } from '../services.js';

type Field =
  | { readonly key: 'minutes' | 'questions' | 'drillCount'; readonly kind: 'number'; readonly label: string; readonly step: number; readonly min: number; readonly max: number }
  | { readonly key: 'company' | 'cluster' | 'drillSeconds'; readonly kind: 'choice'; readonly label: string; readonly choices: readonly (string | number | undefined)[]; readonly none: string }
  | { readonly key: 'sessionsDir'; readonly kind: 'text'; readonly label: string; readonly none: string };

const FIELDS: readonly Field[] = [
  { key: 'minutes', kind: 'number', label: 'Round length (minutes)', step: 5, min: 5, max: 240 },
  { key: 'questions', kind: 'number', label: 'Questions per round', step: 1, min: 1, max: 10 },
  { key: 'company', kind: 'choice', label: 'Interviewer emphasis', choices: [undefined, ...COMPANIES], none: 'none' },
  { key: 'cluster', kind: 'choice', label: 'Round questions from', choices: [undefined, ...CLUSTERS], none: 'any cluster' },
  { key: 'drillCount', kind: 'number', label: 'Drill prompts', step: 1, min: 1, max: 60 },
  { key: 'drillSeconds', kind: 'choice', label: 'Seconds per drill prompt', choices: [undefined, 30, 45, 60, 90, 120], none: "each prompt's own" },
  { key: 'sessionsDir', kind: 'text', label: 'Sessions directory', none: 'sessions/ in the checkout' },
];

function shown(field: Field, settings: Settings): string {
  const value = settings[field.key];
  if (value === undefined) return field.kind === 'number' ? '' : field.none;
  return String(value);
}

function changed(field: Field, settings: Settings, delta: 1 | -1): Partial<Settings> {
  if (field.kind === 'number') {
    const v = settings[field.key];
    return { [field.key]: Math.max(field.min, Math.min(field.max, v + delta * field.step)) };
  }
  if (field.kind === 'choice') {
    const i = field.choices.indexOf(settings[field.key]);
    return { [field.key]: field.choices[(i + delta + field.choices.length) % field.choices.length] };
  }
  return {};
}

export function SettingsScreen({ services, onBack, onSelftest }: { readonly services: Pick<Services, 'settings'>; readonly onBack: () => void; readonly onSelftest: () => void }): React.JSX.Element {
  const [read] = useState(() => services.settings.read());
  const [settings, setSettings] = useState<Settings>(read.settings);
  const [selected, setSelected] = useState(0);
  const [editing, setEditing] = useState<EditorState | undefined>(undefined);
  const [message, setMessage] = useState<string | undefined>(undefined);

  const apply = (patch: Partial<Settings>): void => {
    const next = { ...settings, ...patch };
    setSettings(next);
    void services.settings.write(patch).then(
      () => setMessage('Saved.'),
      (e: unknown) => setMessage(`Not saved: ${e instanceof Error ? e.message : String(e)}`),
    );
  };

  useKeys((key) => {
    const field = FIELDS[selected];
    if (editing !== undefined) {
      if (key.name === 'escape') setEditing(undefined);
      else if (key.name === 'return') {
        const text = editorText(editing).trim();
        setEditing(undefined);
        apply({ sessionsDir: text === '' ? undefined : text });
      } else {
        const action = editorActionFor(key, 60);
        if (action !== undefined && action.type !== 'newline') setEditing(editorReducer(editing, action));
      }
      return;
    }
    if (isCommand('back', key) || (key.ctrl && key.name === 'c')) onBack();
    else if (key.name === 'text' && key.text === 'g') onSelftest();
    else if (key.name === 'up') setSelected((i) => (i + FIELDS.length - 1) % FIELDS.length);
    else if (key.name === 'down') setSelected((i) => (i + 1) % FIELDS.length);
    else if (field === undefined) return;
    else if (field.kind === 'text' && key.name === 'return') setEditing(editorFrom(settings.sessionsDir ?? ''));
    else if (key.name === 'right' || key.name === 'return' || (key.name === 'text' && key.text === '+')) apply(changed(field, settings, 1));
    else if (key.name === 'left' || (key.name === 'text' && key.text === '-')) apply(changed(field, settings, -1));
  });

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>Settings</Text>
      <Text dimColor>Kept in {services.settings.path ?? 'the settings file'}. Flags on coach round and coach drill override them for one session.</Text>
      <Text> </Text>
      {FIELDS.map((field, i) => (
        <Box key={field.key}>
          <Text>
            {i === selected ? <Text color="cyan">❯ </Text> : '  '}
            {field.label.padEnd(26)}
          </Text>
          {editing !== undefined && i === selected ? (
            <EditorView editor={editing} width={50} height={1} />
          ) : (
            <Text bold={i === selected}>
              {field.kind === 'text' ? '' : '‹ '}
              {shown(field, settings)}
              {field.kind === 'text' ? '' : ' ›'}
            </Text>
          )}
        </Box>
      ))}
      <Text>
        {'  '}
        {'Model'.padEnd(26)}
        <Text dimColor>{settings.modelPath ?? 'none (rubric grader, scripted interviewer)'}</Text>
      </Text>
      <Text>
        {'  '}
        {'Grader self-test'.padEnd(26)}
        <Text dimColor>g grades the golden set and shows how far the grader agrees</Text>
      </Text>
      <Text> </Text>
      {read.problems.map((p) => (
        <Text key={p} color="yellow">
          {p}
        </Text>
      ))}
      {message !== undefined ? <Text>{message}</Text> : null}
      <Text dimColor>↑↓ choose · ←→ change · Enter edit the directory · g grader self-test · Esc back</Text>
    </Box>
  );
}
