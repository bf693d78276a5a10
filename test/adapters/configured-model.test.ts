import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configuredModelPath, ModelOpenError, openCheckedModel } from '../../src/adapters/llm/configured-model.js';
import { SHAPES, writeRandomGguf } from '../fixtures/gguf/generate.js';

const work = mkdtempSync(join(tmpdir(), 'coach-configured-model-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the configured model', () => {
  it('is COACH_MODEL when set, else the setting; blank means unset', () => {
    expect(configuredModelPath({ COACH_MODEL: '/env.gguf' }, '/setting.gguf')).toBe('/env.gguf');
    expect(configuredModelPath({ COACH_MODEL: '' }, '/setting.gguf')).toBe('/setting.gguf');
    expect(configuredModelPath({ COACH_MODEL: '  ' }, '/setting.gguf')).toBe('/setting.gguf');
    expect(configuredModelPath({}, '/setting.gguf')).toBe('/setting.gguf');
    expect(configuredModelPath({}, undefined)).toBeUndefined();
  });

  it('is checked before it is loaded: a file that is not a model never reaches the runtime', async () => {
    const notes = join(work, 'notes.txt');
    writeFileSync(notes, 'not a model');
    const opened: string[] = [];
    const error = await openCheckedModel(notes, { open: async (p) => (opened.push(p), Promise.reject(new Error('unreachable'))) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOpenError);
    expect((error as ModelOpenError).message).toBe(`${notes} is not a GGUF model file (it does not start with "GGUF")`);
    expect(opened).toEqual([]);
  });

  it('turns a file that cannot be read into one line, not a crash', async () => {
    // Root reads any file whatever its mode; /proc/self/mem is a regular file whose first page read fails (EIO).
    let unreadable = '/proc/self/mem';
    if (process.getuid?.() !== 0 || !existsSync(unreadable)) {
      unreadable = join(work, 'locked.gguf');
      writeFileSync(unreadable, 'GGUF');
      chmodSync(unreadable, 0o000);
    }
    const error = await openCheckedModel(unreadable, { open: async () => Promise.reject(new Error('unreachable')) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOpenError);
    expect((error as ModelOpenError).message.startsWith(`${unreadable} cannot be read (`)).toBe(true);
    expect((error as ModelOpenError).reason).toMatch(/cannot be read \((i\/o error|permission denied)\)$/);
  });

  it('turns a load failure into one line naming the file, and the reason alone for a status line', async () => {
    const model = join(work, 'tiny.gguf');
    writeRandomGguf(model, SHAPES.tiny, { type: 'Q8_0', seed: 3 });
    const error = await openCheckedModel(model, { open: async () => Promise.reject(new Error('failed to allocate\nVRAM buffer')) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelOpenError);
    expect((error as ModelOpenError).reason).toBe('the model does not fit in memory (failed to allocate VRAM buffer)');
    expect((error as ModelOpenError).message).toBe(`${model}: the model does not fit in memory (failed to allocate VRAM buffer)`);
  });
});
