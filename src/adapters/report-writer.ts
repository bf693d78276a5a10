import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportWriter } from '../ports.js';

/** Exports beside the sessions they come from (`<sessions>/exports/`), written whole or not at all. */
export class FsReportWriter implements ReportWriter {
  constructor(readonly dir: string) {}
  async write(name: string, text: string): Promise<string> {
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, name);
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, text);
    await rename(temp, path);
    return path;
  }
}
