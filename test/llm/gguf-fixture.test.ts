import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChatMLChatWrapper, getLlama, LlamaChatSession, TokenBias } from 'node-llama-cpp';
import type { Llama, LlamaContext, LlamaModel, Token } from 'node-llama-cpp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildVocabulary,
  ensureRandomGguf,
  float32ToFloat16,
  randomGgufSize,
  SHAPES,
  writeRandomGguf,
} from '../fixtures/gguf/generate.js';
import type { WeightType } from '../fixtures/gguf/generate.js';

const shape = SHAPES.tiny;
let dir = '';
let llama: Llama;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coach-gguf-'));
  llama = await getLlama({ gpu: 'auto' });
});

afterAll(async () => {
  await llama?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('random GGUF writer', () => {
  it('writes the same bytes for a seed and different weights for another seed', () => {
    const a = join(dir, 'a.gguf');
    const b = join(dir, 'b.gguf');
    const c = join(dir, 'c.gguf');
    writeRandomGguf(a, shape, { type: 'Q8_0', seed: 5 });
    writeRandomGguf(b, shape, { type: 'Q8_0', seed: 5 });
    writeRandomGguf(c, shape, { type: 'Q8_0', seed: 6 });
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(readFileSync(a).equals(readFileSync(c))).toBe(false);
    expect(statSync(a).size).toBe(randomGgufSize(shape, { type: 'Q8_0' }));
  });

  it('reuses a cached file of the right size instead of rewriting it', () => {
    const cache = join(dir, 'cache');
    const first = ensureRandomGguf(cache, shape, { type: 'F16' });
    const written = statSync(first).mtimeMs;
    const second = ensureRandomGguf(cache, shape, { type: 'F16' });
    expect(second).toBe(first);
    expect(statSync(second).mtimeMs).toBe(written);
  });

  it('rounds float16 to nearest even, including subnormals and overflow', () => {
    expect(float32ToFloat16(1)).toBe(0x3c00);
    expect(float32ToFloat16(-2)).toBe(0xc000);
    expect(float32ToFloat16(65504)).toBe(0x7bff);
    expect(float32ToFloat16(65520)).toBe(0x7c00);
    expect(float32ToFloat16(2 ** -24)).toBe(0x0001);
    expect(float32ToFloat16(2 ** -14)).toBe(0x0400);
    expect(float32ToFloat16(1 + 2 ** -11)).toBe(0x3c00);
    expect(float32ToFloat16(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(float32ToFloat16(Number.NaN) & 0x7c00).toBe(0x7c00);
  });

  it('rejects a shape whose rows cannot be split into Q8_0 blocks', () => {
    expect(() => writeRandomGguf(join(dir, 'bad.gguf'), { ...shape, nEmbd: 48, nHead: 4 }, { type: 'Q8_0' })).toThrow(
      /multiples of 32/,
    );
  });
});

describe.each<WeightType>(['F32', 'Q8_0'])('tiny random %s model in node-llama-cpp', (type) => {
  let model: LlamaModel;
  let context: LlamaContext;

  beforeAll(async () => {
    const path = ensureRandomGguf(join(dir, 'models'), shape, { type });
    model = await llama.loadModel({ modelPath: path });
    // One thread: at this size llama.cpp's spinning thread pool costs more than it saves on a busy 2-core box.
    context = await model.createContext({ contextSize: 512, threads: 1 });
  });

  afterAll(async () => {
    await context?.dispose();
    await model?.dispose();
  });

  it('reads back the architecture and shape from the file', () => {
    const { metadata } = model.fileInfo;
    expect(metadata.general.architecture).toBe('llama');
    expect(metadata.general.file_type).toBe(type === 'F32' ? 0 : 7);
    const arch = metadata.llama;
    expect(arch?.embedding_length).toBe(shape.nEmbd);
    expect(arch?.block_count).toBe(shape.nLayer);
    expect(arch?.feed_forward_length).toBe(shape.nFf);
    expect(arch?.attention.head_count).toBe(shape.nHead);
    expect(arch?.attention.head_count_kv).toBe(shape.nHeadKv);
    expect(model.trainContextSize).toBe(shape.contextLength);
    expect(model.fileInfo.tensorInfo).toHaveLength(3 + 9 * shape.nLayer);
  });

  it('round-trips UTF-8 text through tokenize and detokenize', () => {
    const text = 'p95 TTFT < 800 ms — ok ✓';
    const tokens = model.tokenize(text);
    expect(model.detokenize(tokens)).toBe(text);
    // "—" and "✓" have no piece of their own, so they come out as byte-fallback tokens.
    expect(tokens.length).toBeGreaterThan(new Set(text).size);
  });

  it('generates JSON that the schema grammar parses, through the ChatML template', async () => {
    const sequence = context.getSequence();
    const session = new LlamaChatSession({ contextSequence: sequence });
    expect(session.chatWrapper).toBeInstanceOf(ChatMLChatWrapper);
    const grammar = await llama.createGrammarForJsonSchema({
      type: 'object',
      properties: {
        verdict: { enum: ['pass', 'fail'] },
        note: { type: 'string', maxLength: 20 },
      },
      required: ['verdict', 'note'],
    } as const);
    // Random weights happily emit byte sequences a real model never would: lead bytes that are not
    // UTF-8 at all, and astral characters that grammar.parse counts as two against maxLength.
    const vocabulary = buildVocabulary(shape.vocabSize);
    const highBytes = vocabulary.tokens.flatMap((text, id) => (/^<0x[89A-F][0-9A-F]>$/.test(text) ? [id as Token] : []));
    const tokenBias = new TokenBias(model.tokenizer).set(highBytes, 'never');
    const answer = await session.prompt('Grade the answer.', { grammar, tokenBias, maxTokens: 120 });
    const parsed = grammar.parse(answer);
    expect(['pass', 'fail']).toContain(parsed.verdict);
    expect(parsed.note.length).toBeLessThanOrEqual(20);
    session.dispose();
    sequence.dispose();
  });
});

describe('tiny random qwen2 model in node-llama-cpp', () => {
  it('loads the q/k/v bias tensors of an F16 file and decodes tokens', async () => {
    const qwen2 = { ...shape, arch: 'qwen2', vocabSize: 512 } as const;
    const model = await llama.loadModel({ modelPath: ensureRandomGguf(join(dir, 'models'), qwen2, { type: 'F16' }) });
    const context = await model.createContext({ contextSize: 256, threads: 1 });
    try {
      expect(model.fileInfo.metadata.general.architecture).toBe('qwen2');
      expect(model.fileInfo.tensorInfo?.map((t) => t.name)).toContain('blk.1.attn_k.bias');
      const sequence = context.getSequence();
      const generated: Token[] = [];
      for await (const token of sequence.evaluate(model.tokenize('latency budget'))) {
        generated.push(token);
        if (generated.length === 4) break;
      }
      expect(generated).toHaveLength(4);
      expect(generated.every((token) => token >= 0 && token < qwen2.vocabSize)).toBe(true);
    } finally {
      await context.dispose();
      await model.dispose();
    }
  });
});
