/**
 * Runs an Amplify client fixture (test/fixtures/cognito/amplify-*-client.ts) in its own Node
 * process, as a frontend is its own program; its steps by name (the fixtures print one JSON line
 * a step, see amplify-node.ts), exit code and stderr.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';

export interface StepLine {
  step: string;
  error?: { name: string; message: string };
  [key: string]: unknown;
}

const PACKAGE_DIR = path.join(import.meta.dirname, '..', '..');

export function runAmplifyClient(fixture: string, args: string[]): Promise<{ steps: Map<string, StepLine>; code: number | null; stderr: string }> {
  const client = path.join(PACKAGE_DIR, 'test', 'fixtures', 'cognito', fixture);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', client, ...args], { cwd: PACKAGE_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const steps = new Map<string, StepLine>();
      for (const line of stdout.split('\n').filter((l) => l.startsWith('{'))) {
        const parsed = JSON.parse(line) as StepLine;
        steps.set(parsed.step, parsed);
      }
      resolve({ steps, code, stderr });
    });
  });
}
