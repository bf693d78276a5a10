import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ioReason } from '../read-text.js';

/** Bytes per block and values per block of the ggml types a downloaded GGUF commonly holds. */
const BLOCKS: Readonly<Record<number, readonly [number, number]>> = {
  0: [4, 1], // F32
  1: [2, 1], // F16
  2: [18, 32], // Q4_0
  3: [20, 32], // Q4_1
  6: [22, 32], // Q5_0
  7: [24, 32], // Q5_1
  8: [34, 32], // Q8_0
  10: [84, 256], // Q2_K
  11: [110, 256], // Q3_K
  12: [144, 256], // Q4_K
  13: [176, 256], // Q5_K
  14: [210, 256], // Q6_K
  30: [2, 1], // BF16
};

export type GgufCheck =
  | { readonly ok: true; readonly version: number; readonly sizeBytes: number; readonly architecture: string | undefined; readonly name: string | undefined }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a model file before anything loads it: that it exists, is a GGUF file of a version
 * llama.cpp reads, and is not cut short (every tensor's data must lie inside the file).
 */
export async function checkGguf(path: string): Promise<GgufCheck> {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return { ok: false, reason: `${path} is not a file` };
    size = st.size;
  } catch (error) {
    return { ok: false, reason: (error as NodeJS.ErrnoException).code === 'ENOENT' ? `${path} does not exist` : `${path} cannot be read (${ioReason(error)})` };
  }
  const head = Buffer.alloc(8);
  try {
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, 8, 0);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    // No permission, or a read that fails (EIO): the user's file to fix, not a crash.
    return { ok: false, reason: `${path} cannot be read (${ioReason(error)})` };
  }
  if (head.toString('latin1', 0, 4) !== 'GGUF') return { ok: false, reason: `${path} is not a GGUF model file (it does not start with "GGUF")` };
  const version = head.readUInt32LE(4);
  if (version < 2 || version > 3) return { ok: false, reason: `${path} is GGUF version ${version}; llama.cpp reads versions 2 and 3` };
  let info;
  try {
    const { readGgufFileInfo } = await import('node-llama-cpp');
    info = await readGgufFileInfo(path, { readTensorInfo: true, ignoreKeys: ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'] });
  } catch (error) {
    return { ok: false, reason: `${path} is truncated or damaged (${error instanceof Error ? error.message.slice(0, 100) : String(error)})` };
  }
  for (const t of info.tensorInfo ?? []) {
    const block = BLOCKS[t.ggmlType as number];
    const start = Number(t.fileOffset);
    const values = t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
    const end = block === undefined ? start + 1 : start + Math.ceil(values / block[1]) * block[0];
    if (end > size) return { ok: false, reason: `${path} is truncated: ${t.name === '' ? 'a tensor' : `tensor ${t.name}`} ends at byte ${end}, the file has ${size}` };
  }
  const general = info.metadata.general as { architecture?: string; name?: string } | undefined;
  return { ok: true, version, sizeBytes: size, architecture: general?.architecture, name: general?.name };
}
