import { join } from 'node:path';
import type { ReportWriter } from '../ports.js';
import { writeFileAtomic } from './atomic-write.js';

/** Exports beside the sessions they come from (`<sessions>/exports/`), written whole or not at all. */
export class FsReportWriter implements ReportWriter {
  constructor(readonly dir: string) {}
  async write(name: string, text: string): Promise<string> {
    const path = join(this.dir, name);
    await writeFileAtomic(path, text);
    return path;
  }
}
