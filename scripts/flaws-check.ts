/**
 * Checks the spot-the-flaw files as `bank validate` does, with the evidence behind each red flag:
 * for authors tuning a flaw set. `npx tsx scripts/flaws-check.ts [q05 …]`
 */
import { NO_CACHE, loadBank } from '../src/adapters/fs-bank.js';
import { checkFlawSet, composeFlawed, flagChoices, flagsNamed, switches } from '../src/core/practice/flaws.js';
import { gradeAnswer } from '../src/core/grading/grade.js';

const only = new Set(process.argv.slice(2));
const bank = await loadBank({ cache: NO_CACHE });
for (const p of bank.problems) if (p.file.includes('flaws')) console.log(`${p.file} ${p.path}: ${p.message}`);
let bad = 0;
for (const entry of bank.spotTheFlaw()) {
  const id = entry.set.question;
  if (only.size > 0 && !only.has(id)) continue;
  const problems = checkFlawSet(entry);
  console.log(`${id}: ${problems.length === 0 ? 'ok' : `${problems.length} problems`}`);
  if (problems.length === 0) continue;
  bad++;
  for (const line of problems) console.log(`  ${line}`);
  for (const choice of [[], ...flagChoices(entry.set)]) {
    const grade = gradeAnswer(entry.prepared, composeFlawed(entry.set, new Set(choice)));
    console.log(`  planted [${choice.join(', ')}] raised: ${grade.redFlags.map((f) => `${f.id}${f.evidence.length > 0 ? ` (“${f.evidence[0]?.text.slice(0, 80)}”)` : ''}`).join('; ') || 'none'}`);
    if (choice.length === 0) {
      const met = grade.criteria.filter((c) => c.met).map((c) => `${c.dimension}/${c.id}`);
      console.log(`    sound answer meets: ${met.join(', ')}`);
    }
  }
  for (const s of switches(entry.set)) console.log(`  critique of ${s.flag} names: ${flagsNamed(entry, s.critique).join(', ')}`);
}
process.exitCode = bad === 0 ? 0 : 1;
