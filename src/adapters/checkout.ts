import { existsSync, readFileSync } from 'node:fs';
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

/** The version in the checkout's package.json, for --version; "unknown" when it cannot be read. */
export function checkoutVersion(): string {
  try {
    const pkg: unknown = JSON.parse(readFileSync(join(CHECKOUT_DIR, 'package.json'), 'utf8'));
    const version = typeof pkg === 'object' && pkg !== null && 'version' in pkg ? pkg.version : undefined;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}
