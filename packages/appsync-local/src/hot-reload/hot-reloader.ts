/**
 * Hot reload: watches the app's inputs (what cdk.json says to watch, a ready assembly's
 * manifest, or a template file; see app-source.ts) and keeps the running API in step with them.
 *
 * - In a CDK app, a change to a file inside a resolver's or function's bundle is live at once: the
 *   bundle is rebuilt from its entry (see code-bundles.ts) and the API swapped, typically well
 *   under a second.
 * - Every change also reloads the app in the background (debounced, one at a time; a CDK app is
 *   re-synthesized), so what a file means elsewhere (infra/, the schema, a Lambda function, a
 *   constant the stack reads) takes effect too, and the served API ends up exactly the new
 *   template's.
 * - A failed build, synth or template is reported and the last working API keeps serving.
 */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import type { CodeDefinition } from '../graphql/api-definition.js';
import type { WatchedInputs } from '../cloud-assembly/app-source.js';
import type { LocalAppSync } from '../local-appsync.js';
import { bundleSources, rebundle } from './code-bundles.js';

/** Editors write a file in bursts; changes this close together are one change. */
const SETTLE_MS = 40;
/** The synth costs seconds; wait for typing to pause first. */
const SYNTH_DELAY_MS = 300;

export interface ReloadEvent {
  kind: 'code' | 'synth' | 'error';
  message: string;
}

export class HotReloader {
  private readonly watchers: FSWatcher[] = [];
  private readonly pending = new Set<string>();
  /** Bundle text → the entry file that rebuilds it byte for byte. */
  private readonly entries = new Map<string, string>();
  private settleTimer: NodeJS.Timeout | undefined;
  private synthTimer: NodeJS.Timeout | undefined;
  private synthRunning: Promise<void> | undefined;
  private synthAgain = false;
  private stopped = false;
  /** Code reloads asked of the app and not done yet; stop() waits for them. */
  private readonly codeReloads = new Set<Promise<void>>();
  /** The last search for reproducible bundles (checkReproducible); a code reload waits for it. */
  private reproducible: Promise<void> = Promise.resolve();

  private readonly projectDir: string;

  constructor(
    private readonly app: LocalAppSync,
    private readonly inputs: WatchedInputs,
    private readonly log: (line: string) => void,
    /** Told of every reload (tests wait on it). */
    private readonly onReload: (event: ReloadEvent) => void = () => undefined,
  ) {
    this.projectDir = inputs.root;
  }

  async start(): Promise<void> {
    const { include, exclude } = this.inputs;
    const isIncluded = picomatch(include, { dot: true });
    const isExcluded = picomatch([...exclude, '**/node_modules/**'], { dot: true });
    for (const dir of watchRoots(include)) {
      const root = path.join(this.projectDir, dir);
      const watcher = watch(root, { recursive: true }, (_event, file) => {
        if (!file) return;
        const relative = path.relative(this.projectDir, path.join(root, file.toString())).split(path.sep).join('/');
        if (!isIncluded(relative) || isExcluded(relative)) return;
        this.pending.add(path.join(this.projectDir, relative));
        clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => this.settle(), SETTLE_MS);
      });
      watcher.on('error', (err) => this.log(`hot reload: cannot watch ${dir}: ${err.message}`));
      this.watchers.push(watcher);
    }
    // Learn which bundles can be rebuilt without a synth; a change waits until this is known.
    if (this.inputs.rebuildsCode) this.reproducible = this.checkReproducible();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.settleTimer);
    clearTimeout(this.synthTimer);
    for (const w of this.watchers) w.close();
    await Promise.all(this.codeReloads);
    await this.synthRunning;
  }

  private settle(): void {
    const changed = new Set(this.pending);
    this.pending.clear();
    if (changed.size === 0 || this.stopped) return;
    if (this.inputs.rebuildsCode) {
      // The app runs code swaps and reloads one at a time, in the order asked: this swap comes
      // before the synth's reload scheduled below.
      const reload = this.reloadCode(changed).catch((err: unknown) => this.report('error', `hot reload failed: ${(err as Error).message}`));
      this.codeReloads.add(reload);
      void reload.finally(() => this.codeReloads.delete(reload));
    }
    this.scheduleSynth();
  }

  private async reloadCode(changed: Set<string>): Promise<void> {
    const started = performance.now();
    const rebuilt: string[] = [];
    await this.app.replaceCode(async (served) => {
      await this.reproducible;
      const replacements = new Map<CodeDefinition, string>();
      for (const code of served) {
        const entry = this.entries.get(code.text);
        if (!entry) continue;
        if (!(bundleSources(code.text, this.projectDir) ?? []).some((s) => changed.has(s))) continue;
        try {
          const text = await rebundle(this.projectDir, entry);
          replacements.set(code, text);
          this.entries.set(text, entry);
          rebuilt.push(path.relative(this.projectDir, entry));
        } catch (err) {
          this.report('error', `hot reload: ${path.relative(this.projectDir, entry)} does not build; still serving its last code.\n${(err as Error).message}`);
        }
      }
      return replacements;
    });
    if (rebuilt.length > 0) this.report('code', `reloaded ${rebuilt.join(', ')} in ${Math.round(performance.now() - started)} ms`);
  }

  private scheduleSynth(): void {
    clearTimeout(this.synthTimer);
    this.synthTimer = setTimeout(() => {
      if (this.synthRunning) {
        this.synthAgain = true;
        return;
      }
      this.synthRunning = this.synth().finally(() => {
        this.synthRunning = undefined;
        if (this.synthAgain && !this.stopped) {
          this.synthAgain = false;
          this.scheduleSynth();
        }
      });
    }, SYNTH_DELAY_MS);
  }

  private async synth(): Promise<void> {
    if (this.stopped) return;
    const started = performance.now();
    this.log(this.inputs.rebuildsCode ? 'change detected: re-synthesizing the CDK app' : 'change detected: reloading the app');
    try {
      // The app runs it after the code swaps asked for before, never interleaved with one.
      await this.app.reload();
    } catch (err) {
      const e = err as Error & { output?: string };
      this.report('error', `reload failed; still serving the last working API.\n${e.message}${e.output ? `\n${e.output.trim().split('\n').slice(-15).join('\n')}` : ''}`);
      return;
    }
    this.report('synth', `reloaded the app in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (this.inputs.rebuildsCode) {
      this.reproducible = this.checkReproducible();
      await this.reproducible;
    }
  }

  /**
   * Finds each bundle's entry among its sources: the one whose rebuild is the bundle itself.
   * The order of a source map's `sources` says nothing reliable about which is the entry, so
   * each source is tried (last first, the likeliest); a wrong guess merely costs a build.
   */
  private async checkReproducible(): Promise<void> {
    for (const code of this.app.codeDefinitions()) {
      if (this.entries.has(code.text)) continue;
      for (const candidate of [...(bundleSources(code.text, this.projectDir) ?? [])].reverse()) {
        const again = await rebundle(this.projectDir, candidate).catch(() => undefined);
        if (again !== code.text) continue;
        this.entries.set(code.text, candidate);
        break;
      }
    }
  }

  private report(kind: ReloadEvent['kind'], message: string): void {
    this.log(message);
    this.onReload({ kind, message });
  }
}

/** The folders to watch: each include pattern's part before its first glob character. */
export function watchRoots(include: string[]): string[] {
  const roots = include.map((pattern) => {
    const parts = pattern.split('/');
    const fixed: string[] = [];
    for (const part of parts) {
      if (/[*?[\]{}!]/.test(part)) break;
      fixed.push(part);
    }
    // A pattern naming one file is watched through its folder.
    return fixed.length === parts.length ? fixed.slice(0, -1).join('/') : fixed.join('/');
  });
  const unique = [...new Set(roots.map((r) => r || '.'))];
  return unique.filter((r) => !unique.some((other) => other !== r && (other === '.' || r.startsWith(`${other}/`))));
}
