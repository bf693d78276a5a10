/**
 * The programs that run a candidate's class against the bank's test cases, one per language.
 * They read spec.json beside them, and print one marked JSON line per event, so whatever the
 * candidate prints is kept apart: {"start": name} before a case, {"case": name, "passed", "message"}
 * after it, {"fatal": line} when the solution cannot be loaded, and for the scale test
 * {"referenceMs"} once the reference has run and {"scale": {...}} when the candidate has (with
 * the reference timed a second time after it, the faster of its two runs counting).
 * They are kept here as text and written into each run's temporary directory.
 */

/** Starts every line the driver means for coach; anything else on stdout is the candidate's own. */
export const DRIVER_MARK = '\u0001coach ';

export const NODE_DRIVER = String.raw`
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
const MARK = '\u0001coach ';
const emit = (o) => process.stdout.write(MARK + JSON.stringify(o) + '\n');
const spec = JSON.parse(readFileSync(new URL('./spec.json', import.meta.url), 'utf8'));

function where(error, file) {
  const stack = String(error && error.stack || '');
  const m = stack.match(new RegExp(file.replace('.', '\\.') + ':(\\d+)'));
  return m ? ' (' + file + ' line ' + m[1] + ')' : '';
}
function describeError(error, file) {
  if (error instanceof Error) return error.name + ': ' + error.message.split('\n')[0] + where(error, file);
  return 'threw ' + show(error);
}
async function load(file) {
  let m;
  try {
    m = await import('./' + file);
  } catch (error) {
    emit({ fatal: 'it does not load: ' + describeError(error, file) });
    process.exit(0);
  }
  const C = m[spec.className] ?? (m.default && m.default.name === spec.className ? m.default : undefined);
  if (typeof C !== 'function') {
    emit({ fatal: file + ' does not export a class named ' + spec.className + ' (export class ' + spec.className + ' { ... })' });
    process.exit(0);
  }
  return C;
}
function normal(v) {
  if (v === undefined || v === null) return null;
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  try { return JSON.parse(JSON.stringify(v)); } catch { return String(v); }
}
function same(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a === b || Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  if (a === null || b === null) return a === b;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (typeof a === 'object') {
    if (typeof b !== 'object' || Array.isArray(b)) return false;
    const ka = Object.keys(a).sort();
    const kb = Object.keys(b).sort();
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && same(a[k], b[k]));
  }
  return a === b;
}
function show(v) {
  const s = JSON.stringify(v === undefined ? null : v) ?? String(v);
  return s.length > 80 ? s.slice(0, 77) + '...' : s;
}
function call(obj, method, args) {
  const f = obj[method];
  if (typeof f !== 'function') throw new TypeError('there is no method ' + method);
  return normal(f.apply(obj, args));
}

if (spec.mode === 'cases') {
  const C = await load(spec.solution);
  for (const c of spec.cases) {
    emit({ start: c.name });
    let message;
    let step = 'new ' + spec.className + '(' + c.new.map(show).join(', ') + ')';
    try {
      const obj = new C(...c.new);
      for (let i = 0; i < c.calls.length; i++) {
        const [method, args, ...expected] = c.calls[i];
        step = 'call ' + (i + 1) + ', ' + method + '(' + args.map(show).join(', ') + ')';
        const got = call(obj, method, args);
        if (expected.length > 0 && !same(normal(expected[0]), got)) {
          message = step + ' returned ' + show(got) + ', expected ' + show(expected[0]);
          break;
        }
      }
    } catch (error) {
      message = step + ' threw ' + describeError(error, spec.solution);
    }
    emit(message === undefined ? { case: c.name, passed: true } : { case: c.name, passed: false, message });
  }
} else {
  const R = await load(spec.reference);
  const run = (C) => {
    const out = new Array(spec.calls.length);
    const t0 = performance.now();
    const obj = new C(...spec.new);
    for (let i = 0; i < spec.calls.length; i++) {
      const [method, args] = spec.calls[i];
      out[i] = obj[method](...args);
    }
    return { ms: performance.now() - t0, out };
  };
  const reference = run(R);
  emit({ referenceMs: reference.ms });
  const C = await load(spec.solution);
  let candidate;
  try {
    candidate = run(C);
  } catch (error) {
    emit({ scale: { error: describeError(error, spec.solution) } });
    process.exit(0);
  }
  let mismatch;
  for (let i = 0; i < spec.calls.length; i++) {
    const want = normal(reference.out[i]);
    const got = normal(candidate.out[i]);
    if (!same(want, got)) {
      const [method, args] = spec.calls[i];
      mismatch = 'call ' + (i + 1) + ', ' + method + '(' + args.map(show).join(', ') + ') returned ' + show(got) + ', the reference returned ' + show(want);
      break;
    }
  }
  // The reference ran first, before the driver's own loop was warm: timed again, the faster run counts.
  const again = run(R);
  emit({ scale: { referenceMs: Math.min(reference.ms, again.ms), candidateMs: candidate.ms, mismatch } });
}
`;

export const PYTHON_DRIVER = String.raw`
import importlib.util, json, math, re, sys, time, traceback

MARK = '\x01coach '
def emit(o):
    sys.stdout.write(MARK + json.dumps(o) + '\n')
    sys.stdout.flush()

with open('spec.json', encoding='utf-8') as f:
    spec = json.load(f)

def snake(name):
    return re.sub(r'([A-Z])', lambda m: '_' + m.group(1).lower(), name)

def where(error, file):
    line = None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith(file):
            line = frame.lineno
    if line is None and isinstance(error, SyntaxError) and error.filename and error.filename.endswith(file):
        line = error.lineno
    return '' if line is None else ' (%s line %d)' % (file, line)

def describe(error, file):
    text = str(error).split('\n')[0]
    return type(error).__name__ + (': ' + text if text else '') + where(error, file)

def load(file, name):
    try:
        loader = importlib.util.spec_from_file_location(name, file)
        module = importlib.util.module_from_spec(loader)
        loader.loader.exec_module(module)
    except BaseException as error:
        emit({'fatal': 'it does not load: ' + describe(error, file)})
        sys.exit(0)
    cls = getattr(module, spec['className'], None)
    if not isinstance(cls, type):
        emit({'fatal': '%s does not define a class named %s' % (file, spec['className'])})
        sys.exit(0)
    return cls

def normal(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, (int, float)):
        return v
    try:
        return json.loads(json.dumps(v, default=lambda o: list(o) if isinstance(o, (set, frozenset)) else str(o)))
    except Exception:
        return str(v)

def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (isinstance(a, bool) and isinstance(b, bool) and a == b)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or abs(a - b) <= 1e-6 * max(1, abs(a), abs(b))
    if a is None or b is None:
        return a is b
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and sorted(a) == sorted(b) and all(same(a[k], b[k]) for k in a)
    return a == b

def show(v):
    s = json.dumps(v)
    return s if len(s) <= 80 else s[:77] + '...'

def call(obj, method, args):
    f = getattr(obj, snake(method), None)
    if not callable(f):
        raise AttributeError('there is no method ' + snake(method))
    return normal(f(*args))

if spec['mode'] == 'cases':
    C = load(spec['solution'], 'solution')
    for c in spec['cases']:
        emit({'start': c['name']})
        message = None
        step = '%s(%s)' % (spec['className'], ', '.join(show(a) for a in c['new']))
        try:
            obj = C(*c['new'])
            for i, entry in enumerate(c['calls']):
                method, args = entry[0], entry[1]
                step = 'call %d, %s(%s)' % (i + 1, snake(method), ', '.join(show(a) for a in args))
                got = call(obj, method, args)
                if len(entry) > 2 and not same(normal(entry[2]), got):
                    message = '%s returned %s, expected %s' % (step, show(got), show(entry[2]))
                    break
        except RecursionError as error:
            message = step + ' raised RecursionError' + where(error, spec['solution'])
        except Exception as error:
            message = step + ' raised ' + describe(error, spec['solution'])
        emit({'case': c['name'], 'passed': True} if message is None else {'case': c['name'], 'passed': False, 'message': message})
else:
    R = load(spec['reference'], 'reference')
    calls = [(snake(m), a) for m, a in spec['calls']]
    def run(C):
        out = [None] * len(calls)
        t0 = time.perf_counter()
        obj = C(*spec['new'])
        for i, (m, a) in enumerate(calls):
            out[i] = getattr(obj, m)(*a)
        return (time.perf_counter() - t0) * 1000, out
    ref_ms, ref_out = run(R)
    emit({'referenceMs': ref_ms})
    C = load(spec['solution'], 'solution')
    try:
        cand_ms, cand_out = run(C)
    except Exception as error:
        emit({'scale': {'error': describe(error, spec['solution'])}})
        sys.exit(0)
    mismatch = None
    for i, (want, got) in enumerate(zip(ref_out, cand_out)):
        want, got = normal(want), normal(got)
        if not same(want, got):
            m, a = spec['calls'][i]
            mismatch = 'call %d, %s(%s) returned %s, the reference returned %s' % (i + 1, snake(m), ', '.join(show(x) for x in a), show(got), show(want))
            break
    # The reference ran first, before anything was warm: timed again, the faster run counts.
    again_ms, _ = run(R)
    emit({'scale': {'referenceMs': min(ref_ms, again_ms), 'candidateMs': cand_ms, 'mismatch': mismatch}})
`;
