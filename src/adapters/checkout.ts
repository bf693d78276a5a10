import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout (or installed package) this code runs from: the nearest folder above this module
 * holding both package.json and questions/. Walking up works for src/ under tsx and for the
 * bundle in dist/ alike.
 */
function findCheckout(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'questions'))) return dir;
    if (dirname(dir) === dir) return join(here, '..', '..');
  }
}

export const CHECKOUT_DIR = findCheckout();
