/** The forked scanner load generator (tests/bench/checkin/scanner-load.ts), one plan at a time. */
import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../onsale/children';
import type { ScannerMessage, ScanPlan, ScanResult } from './protocol';

export class ScannerLoad {
  private constructor(private readonly child: ChildProcess) {}

  get pid(): number {
    return this.child.pid ?? -1;
  }

  static async start(): Promise<ScannerLoad> {
    const child = fork(join(__dirname, 'scanner-load.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await new Promise<void>((resolve, reject) => {
      child.once('message', (message: ScannerMessage) => (message.type === 'ready' ? resolve() : reject(new Error('scanner load did not start'))));
      child.once('exit', (code) => reject(new Error(`scanner load exited with ${code}`)));
    });
    return new ScannerLoad(child);
  }

  run(plan: Omit<ScanPlan, 'type'>): Promise<ScanResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`scanner load exited with ${code} during a run`));
      this.child.once('exit', onExit);
      this.child.once('message', (message: ScannerMessage) => {
        this.child.off('exit', onExit);
        if (message.type === 'result') resolve(message);
        else reject(new Error(`scanner load failed: ${'message' in message ? message.message : message.type}`));
      });
      this.child.send({ ...plan, type: 'run' } satisfies ScanPlan);
    });
  }

  /** Disconnecting ends it (it exits on disconnect); SIGKILL if it is still there after 2 s. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    if (this.child.connected) this.child.disconnect();
    const gone = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000))]);
    if (!gone) this.child.kill('SIGKILL');
  }
}
