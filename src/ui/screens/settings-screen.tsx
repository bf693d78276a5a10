import React, { useState } from 'react';
import { Box, Text } from 'ink';
import { editorFrom, editorReducer, editorText, type EditorState } from '../../core/practice/editor.js';
import { printableLine } from '../../core/printable.js';
import { CLUSTERS, COMPANIES } from '../../schemas/constants.js';
import type { Settings } from '../../schemas/settings.js';
import { editorActionFor, isCommand, KEY_LABELS } from '../keys.js';
import { EditorView } from '../components/editor-view.js';
import { useKeys } from '../hooks/use-keys.js';
import { useLatestState } from '../hooks/use-latest-state.js';
import { useTerminalSize } from '../hooks/use-terminal-size.js';
import type { Services } from '../services.js';
import type { ModelInForce, SessionsDirInForce } from '../../ports.js';

type Field =
  | { readonly key: 'minutes' | 'questions' | 'drillCount'; readonly kind: 'number'; readonly label: string; readonly step: number; readonly min: number; readonly max: number }
  | { readonly key: 'company' | 'cluster' | 'drillSeconds'; readonly kind: 'choice'; readonly label: string; readonly choices: readonly (string | number | undefined)[]; readonly none: string }
  | { readonly key: 'sessionsDir'; readonly kind: 'text'; readonly label: string; readonly none: string }
  | { readonly key: 'modelPath'; readonly kind: 'model'; readonly label: string; readonly none: string };

const FIELDS: readonly Field[] = [
  { key: 'minutes', kind: 'number', label: 'Round length (minutes)', step: 5, min: 5, max: 240 },
  { key: 'questions', kind: 'number', label: 'Questions per round', step: 1, min: 1, max: 10 },
  { key: 'company', kind: 'choice', label: 'Company mode', choices: [undefined, ...COMPANIES], none: 'none' },
  { key: 'cluster', kind: 'choice', label: 'Round questions from', choices: [undefined, ...CLUSTERS], none: 'any cluster' },
  { key: 'drillCount', kind: 'number', label: 'Drill prompts', step: 1, min: 1, max: 60 },
  { key: 'drillSeconds', kind: 'choice', label: 'Seconds per drill prompt', choices: [undefined, 30, 45, 60, 90, 120], none: "each prompt's own" },
  { key: 'sessionsDir', kind: 'text', label: 'Sessions directory', none: 'sessions/ in the checkout' },
  { key: 'modelPath', kind: 'model', label: 'Model', none: 'none (rubric grader, scripted interviewer)' },
];

function shown(field: Field, settings: Settings, environmentModel: string | undefined): string {
  const value = settings[field.key];
  // While $COACH_MODEL names a model, "none" would say no model is used: only none is saved.
  if (value === undefined && field.kind === 'model' && environmentModel !== undefined) return 'none saved';
  if (value === undefined) return field.kind === 'number' ? '' : field.none;
  return String(value);
}

/**
 * What Enter does on the model row, said before it is pressed: the hint under the row, the footer's
 * words, and the line it prints. The TUI cannot pick or download a file; it can only stop using one.
 */
interface ModelRowAction {
  readonly hint: string;
  readonly footer: string;
  /** Undefined when Enter clears the saved model; otherwise the one line Enter prints. */
  readonly says: string | undefined;
}

function modelRowAction(saved: string | undefined, environmentModel: string | undefined): ModelRowAction {
  const enter = KEY_LABELS.next;
  if (saved !== undefined && environmentModel !== undefined) return { hint: `${enter} clears it; $COACH_MODEL still decides`, footer: 'clear it', says: undefined };
  if (saved !== undefined) return { hint: `${enter} stops using it now`, footer: 'stop using it', says: undefined };
  if (environmentModel !== undefined) return { hint: 'unset $COACH_MODEL to stop using it', footer: 'how to stop it', says: '$COACH_MODEL names the model in use (the row above): unset it to stop using a model.' };
  return { hint: 'run coach model use FILE.gguf or coach model pull', footer: 'how to add one', says: 'Add a model from the shell: coach model use FILE.gguf, or coach model pull.' };
}

/** The line saving "no model" prints: $COACH_MODEL wins over the setting, and the running coach keeps the model it started with. */
function modelClearedLine(environmentModel: string | undefined): string {
  if (environmentModel !== undefined) return 'The saved model is cleared, but $COACH_MODEL still names one (the row above): unset it to stop using a model.';
  return 'Saved; the model is no longer used: the rubric grader and the scripted interviewer serve from the next answer.';
}

/** The model this coach runs with, when the row does not already say it: $COACH_MODEL chose it, or the setting changed since start. */
function modelInUse(inForce: ModelInForce | undefined, saved: string | undefined, stopped: boolean): { readonly path: string; readonly why: string } | undefined {
  if (inForce === undefined || (stopped && inForce.from === 'setting')) return undefined;
  if (inForce.from === 'environment') return { path: inForce.path, why: 'from $COACH_MODEL' };
  return inForce.path === saved ? undefined : { path: inForce.path, why: 'until coach restarts' };
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

interface View {
  readonly settings: Settings;
  readonly selected: number;
  /** The sessions directory while it is being typed. */
  readonly editing: EditorState | undefined;
}

/** Where the directory in force comes from, in the words the user set it with. */
const SOURCE: Readonly<Record<SessionsDirInForce['from'], string>> = {
  flag: 'from --sessions-dir, which wins over this setting',
  environment: 'from $COACH_SESSIONS_DIR, which wins over this setting',
  setting: 'from this setting',
  default: 'the default',
};

/** "in use now" under a row, in one row: the path gives way from its start, where it comes from never does. */
function InUseNow({ path, source }: { readonly path: string; readonly source: string }): React.JSX.Element {
  return (
    <Box>
      <Box flexShrink={0}>
        <Text>
          {'  '}
          {'  in use now'.padEnd(26)}
        </Text>
      </Box>
      <Text dimColor wrap="truncate-start">
        {printableLine(path)}
      </Text>
      <Box flexShrink={0}>
        <Text dimColor> ({source})</Text>
      </Box>
    </Box>
  );
}

export function SettingsScreen({ services, onBack, onSelftest }: { readonly services: Pick<Services, 'settings' | 'sessionsDir' | 'model' | 'engine'>; readonly onBack: () => void; readonly onSelftest: () => void }): React.JSX.Element {
  const inForce = services.sessionsDir;
  // $COACH_MODEL as it was at start: it wins over the setting, so clearing the setting says it still decides.
  const environmentModel = services.model?.from === 'environment' ? services.model.path : undefined;
  // A directory set here takes effect at the next start, and only while no flag or variable overrides it.
  const overridden = inForce !== undefined && (inForce.from === 'flag' || inForce.from === 'environment');
  const [read] = useState(() => services.settings.read());
  // The directory being typed fits beside its label: padding 2, the pointer 2, the label 26.
  const fieldWidth = Math.min(50, useTerminalSize().columns - 30);
  // Read through get() in the key handler: Right Right in one read must step twice, Down Left
  // must change the row Down moved to.
  const [view, current, update] = useLatestState<View>({ settings: read.settings, selected: 0, editing: undefined });
  const { settings, selected, editing } = view;
  const [message, setMessage] = useState<string | undefined>(undefined);

  const [stopped, setStopped] = useState(false);
  const apply = (patch: Partial<Settings>, saved = 'Saved.'): void => {
    update((v) => ({ ...v, settings: { ...v.settings, ...patch } }));
    void services.settings.write(patch).then(
      () => setMessage(saved),
      (e: unknown) => setMessage(`Not saved: ${e instanceof Error ? e.message : String(e)}`),
    );
  };

  useKeys((key) => {
    const { settings, selected, editing } = current();
    const field = FIELDS[selected];
    if (editing !== undefined) {
      if (isCommand('stopEditing', key)) update((v) => ({ ...v, editing: undefined }));
      else if (isCommand('next', key)) {
        const text = editorText(editing).trim();
        update((v) => ({ ...v, editing: undefined }));
        apply({ sessionsDir: text === '' ? undefined : text }, overridden ? `Saved; ${inForce?.from === 'flag' ? '--sessions-dir' : '$COACH_SESSIONS_DIR'} still decides while it is given.` : 'Saved; it takes effect the next time coach starts.');
      } else {
        const action = editorActionFor(key, 60);
        if (action !== undefined && action.type !== 'newline') update((v) => (v.editing === undefined ? v : { ...v, editing: editorReducer(v.editing, action) }));
      }
      return;
    }
    if (isCommand('back', key) || isCommand('exit', key)) onBack();
    else if (isCommand('selftest', key)) onSelftest();
    else if (isCommand('up', key)) update((v) => ({ ...v, selected: (v.selected + FIELDS.length - 1) % FIELDS.length }));
    else if (isCommand('down', key)) update((v) => ({ ...v, selected: (v.selected + 1) % FIELDS.length }));
    else if (field === undefined) return;
    else if (field.kind === 'model') {
      if (!isCommand('next', key) && !isCommand('increase', key) && !isCommand('decrease', key)) return;
      const action = modelRowAction(settings.modelPath, environmentModel);
      if (isCommand('next', key) && action.says === undefined) {
        apply({ modelPath: undefined }, modelClearedLine(environmentModel));
        // The running coach lets the model go at once, unless $COACH_MODEL still names it.
        if (environmentModel === undefined) {
          setStopped(true);
          void services.engine.stop?.();
        }
      }
      else setMessage(action.says ?? `${action.hint}. To pick another, run coach model use FILE.gguf.`);
    } else if (field.kind === 'text' && isCommand('next', key)) update((v) => ({ ...v, editing: editorFrom(settings.sessionsDir ?? '') }));
    else if (isCommand('increase', key)) apply(changed(field, settings, 1));
    else if (isCommand('next', key)) setMessage(`${KEY_LABELS.decrease}${KEY_LABELS.increase} change this; ${KEY_LABELS.next} is for the sessions directory and the model.`);
    else if (isCommand('decrease', key)) apply(changed(field, settings, -1));
  });

  const modelAction = modelRowAction(settings.modelPath, environmentModel);
  const modelNow = modelInUse(services.model, settings.modelPath, stopped);
  const selectedField = FIELDS[selected];
  // Each row's lines under it: where the directory and the model in force come from, and what Enter does on the model row.
  const under = (field: Field): React.JSX.Element | null => {
    if (field.kind === 'text' && inForce !== undefined) {
      return <InUseNow path={inForce.dir} source={SOURCE[inForce.from]} />;
    }
    if (field.kind !== 'model') return null;
    return (
      <>
        <Box>
          <Box flexShrink={0}>
            <Text>{' '.repeat(28)}</Text>
          </Box>
          <Text dimColor wrap="truncate-end">
            {printableLine(modelAction.hint)}
          </Text>
        </Box>
        {modelNow !== undefined ? <InUseNow path={modelNow.path} source={modelNow.why} /> : null}
      </>
    );
  };

  return (
    <Box flexDirection="column" paddingX={1}>
      <Text bold>Settings</Text>
      <Text dimColor>Kept in {printableLine(services.settings.path ?? 'the settings file')}. Flags on coach round and coach drill override them for one session.</Text>
      <Text> </Text>
      {FIELDS.map((field, i) => (
        <React.Fragment key={field.key}>
          <Box>
            <Box flexShrink={0}>
              <Text>
                {i === selected ? <Text color="cyan">❯ </Text> : '  '}
                {field.label.padEnd(26)}
              </Text>
            </Box>
            {editing !== undefined && i === selected ? (
              <EditorView editor={editing} width={fieldWidth} height={1} />
            ) : (
              // A model path keeps its file name when cut; the row stays one row.
              <Text bold={i === selected} {...(field.kind === 'model' ? { wrap: settings.modelPath === undefined ? 'truncate-end' : 'truncate-start' } : {})}>
                {field.kind === 'text' || field.kind === 'model' ? '' : '‹ '}
                {printableLine(shown(field, settings, environmentModel))}
                {field.kind === 'text' || field.kind === 'model' ? '' : ' ›'}
              </Text>
            )}
          </Box>
          {under(field)}
        </React.Fragment>
      ))}
      <Box>
        <Box flexShrink={0}>
          <Text>
            {'  '}
            {'Grader self-test'.padEnd(26)}
          </Text>
        </Box>
        <Text dimColor>{KEY_LABELS.selftest} grades labelled answers</Text>
      </Box>
      {/* A message takes the blank row above the keys, so the screen is no taller for it (60x20 has no row to spare). */}
      {message === undefined ? <Text> </Text> : <Text>{printableLine(message)}</Text>}
      {read.problems.map((p) => (
        <Text key={p} color="yellow">
          {printableLine(p)}
        </Text>
      ))}
      <Text dimColor>
        {KEY_LABELS.up}
        {KEY_LABELS.down} choose · {KEY_LABELS.decrease}
        {KEY_LABELS.increase} change · {KEY_LABELS.next} {selectedField?.kind === 'model' ? modelAction.footer : 'edit the directory'} · {KEY_LABELS.selftest} grader self-test · {KEY_LABELS.back} back
      </Text>
    </Box>
  );
}
