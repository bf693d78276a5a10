/** Runs every benchmark in bench/ in one process, one after the other. `npm run bench`. */
const suites = ['./grade.bench.js', './tui.bench.js'];
for (const suite of suites) await import(suite);
