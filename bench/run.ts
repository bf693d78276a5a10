/** Runs every benchmark in bench/ in one process, one after the other. `npm run bench`. */
// llm.bench takes minutes on 2 cores (it generates and runs random-weight models); npm run bench:llm runs it alone.
const suites = process.argv.includes('--llm') || process.argv.includes('--gpu') ? ['./llm.bench.js'] : ['./grade.bench.js', './scaling.bench.js', './tui.bench.js', './llm.bench.js'];
for (const suite of suites) await import(suite);
