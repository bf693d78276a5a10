/**
 * For coding-problem authors: grades one answer to one follow-up and prints what was named.
 * `npx tsx scripts/coding-try.ts token-bucket clock-backwards "use a monotonic clock and clamp"`
 */
import { loadBank, NO_CACHE } from '../src/adapters/fs-bank.js';
import { gradeCodingFollowUp } from '../src/core/coding/follow-ups.js';

const [id, followUpId, ...rest] = process.argv.slice(2);
const bank = await loadBank({ cache: NO_CACHE });
for (const p of bank.problems) console.error(`problem: ${p.file} ${p.path}: ${p.message}`);
const entry = bank.coding().find((e) => e.problem.id === id);
const followUp = entry?.problem.followUps.find((f) => f.id === followUpId);
if (entry === undefined || followUp === undefined) {
  console.error(`no follow-up "${followUpId ?? ''}" of "${id ?? ''}"; problems: ${bank.coding().map((e) => `${e.problem.id} (${e.problem.followUps.map((f) => f.id).join(', ')})`).join('; ')}`);
  process.exit(2);
}
const g = gradeCodingFollowUp(followUp, rest.join(' '), entry.lexicon);
console.log(`${g.correct ? 'RIGHT' : 'NOT RIGHT'}  score ${g.score.toFixed(2)}  named ${g.named.length} (${g.atLeast} needed)`);
for (const n of g.named) console.log(`  + ${n.id}: “${n.evidence[0]?.text ?? ''}”`);
for (const m of g.missed) console.log(`  - ${m.id}: ${m.label}`);
