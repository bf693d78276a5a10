/**
 * For drill authors: grades one answer to one preparation-drill item and prints what the drill's
 * review would say. `npx tsx scripts/prep-try.ts nb-kv-70b "about 40 GB"`
 */
import { loadBank, NO_CACHE } from '../src/adapters/fs-bank.js';
import { drillCatalog } from '../src/core/practice/drill-items.js';

const [id, ...rest] = process.argv.slice(2);
const bank = await loadBank({ cache: NO_CACHE });
for (const p of bank.problems) console.error(`problem: ${p.file} ${p.path}: ${p.message}`);
const entry = id === undefined ? undefined : drillCatalog(bank).entry(id);
if (entry === undefined) {
  console.error(`no drill item "${id ?? ''}"; items: ${bank.prep().map((e) => e.item.id).join(' ')}`);
  process.exit(2);
}
const g = entry.grade(rest.join(' '));
console.log(`${g.correct ? 'RIGHT' : 'NOT RIGHT'}  score ${g.score.toFixed(2)}  named ${g.named.length} (${g.atLeast} needed)`);
for (const n of g.named) console.log(`  + ${n.id}: “${n.evidence[0]?.text ?? ''}”`);
for (const m of g.missed) console.log(`  - ${m.id}: ${m.label}`);
for (const p of g.problems ?? []) console.log(`  ! ${p}`);
for (const n of g.notes ?? []) console.log(`  note: ${n}`);
