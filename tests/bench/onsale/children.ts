/**
 * The bench's child processes: servers started like `npm start` starts Marquee (the tsx CLI,
 * which itself runs a node child, so each server gets a process group of its own and is stopped
 * through it), and the forked load generator.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { GeneratorMessage, LoadPlan, LoadResult } from './protocol';

export const ROOT = join(__dirname, '..', '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const STOP_GRACE_MS = 10_000;
const OUTPUT_KEPT = 8_000;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM to the child's process group, SIGKILL if it is still there after the grace period. */
async function terminate(child: ChildProcess, group: boolean): Promise<void> {
  const pid = child.pid;
  if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(group ? -pid : pid, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const stopped = await Promise.race([exited(child).then(() => true), sleep(STOP_GRACE_MS).then(() => false)]);
  if (!stopped) {
    signal('SIGKILL');
    await exited(child);
  } else if (group) {
    signal('SIGKILL'); // anything left in the group (tsx's own child) after the leader exited
  }
}

const running = new Set<() => Promise<void>>();

/** Stops every child still running (on failure or Ctrl-C). */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((stop) => stop()));
}

export interface ServerProcess {
  readonly name: string;
  readonly origin: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/**
 * Starts `tsx --tsconfig tsconfig.base.json <script>` (in `cwd`, this checkout by default) in its
 * own process group with `env` on top of this process's environment, and waits until GET
 * `readyPath` answers 200.
 */
export async function startServer(name: string, script: string, env: Record<string, string>, readyPath: string, options: { cwd?: string; timeoutMs?: number } = {}): Promise<ServerProcess> {
  const timeoutMs = options.timeoutMs ?? 90_000;
  const port = await freePort();
  const child = spawn(TSX, ['--tsconfig', 'tsconfig.base.json', script], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_KEPT);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const stop = () => terminate(child, true);
  running.add(stop);
  child.once('exit', () => running.delete(stop));

  const origin = `http://127.0.0.1:${port}`;
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output}`);
    }
    const ok = await fetch(`${origin}${readyPath}`).then((r) => r.ok, () => false);
    if (ok) break;
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready within ${timeoutMs} ms:\n${output}`);
    }
    await sleep(100);
  }
  return { name, origin, pid: child.pid ?? -1, stop };
}

/** The load generator: one forked process, one plan at a time. */
export class LoadGenerator {
  private constructor(private readonly child: ChildProcess) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(): Promise<LoadGenerator> {
    const child = fork(join(__dirname, 'load-generator.ts'), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const stop = () => terminate(child, false);
    running.add(stop);
    child.once('exit', () => running.delete(stop));
    await new Promise<void>((resolve, reject) => {
      child.once('message', (message: GeneratorMessage) => (message.type === 'ready' ? resolve() : reject(new Error('load generator did not start'))));
      child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
    });
    return new LoadGenerator(child);
  }

  run(plan: Omit<LoadPlan, 'type'>): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited with ${code} during a run`));
      this.child.once('exit', onExit);
      this.child.once('message', (message: GeneratorMessage) => {
        this.child.off('exit', onExit);
        if (message.type === 'result') resolve(message);
        else reject(new Error(`load generator failed: ${'message' in message ? message.message : message.type}`));
      });
      this.child.send({ ...plan, type: 'run' } satisfies LoadPlan);
    });
  }

  async stop(): Promise<void> {
    if (this.child.connected) this.child.disconnect();
    await Promise.race([exited(this.child), sleep(2_000)]);
    await terminate(this.child, false);
  }
}
