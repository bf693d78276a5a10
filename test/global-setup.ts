import { execFileSync } from 'node:child_process';

/** CLI and end-to-end tests run the built bundle in dist/; build it once so they never test stale output. */
export default function setup(): void {
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', '--silent', 'build'], { stdio: 'inherit' });
}
