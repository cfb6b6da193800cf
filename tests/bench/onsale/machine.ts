/**
 * Who used the CPUs during a run (Linux /proc; elsewhere nothing is reported). Every process on
 * the machine shares the same cores, so a figure is only worth as much as the machine was quiet:
 * the bench's own processes (itself, the load generator, the server's process group) and
 * Postgres are told apart from everything else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

export interface CpuShares {
  /** Core-seconds per group over the window. */
  readonly server: number;
  readonly generator: number;
  readonly postgres: number;
  /** Kernel threads (I/O writeback, RCU…), much of it on the bench's behalf. */
  readonly kernel: number;
  readonly others: number;
  readonly wallSeconds: number;
}

interface ProcessTicks {
  readonly ticks: number;
  readonly group: number;
  readonly comm: string;
  /** For a Postgres client backend, its process title (`postgres: [cluster:] user database host state`). */
  readonly title?: string;
}

type Sample = { readonly at: number; readonly byPid: Map<number, ProcessTicks> };

function sample(): Sample | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  const byPid = new Map<number, ProcessTicks>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const fields = stat.slice(close + 2).split(' ');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const title = comm.startsWith('postgres') ? readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') : undefined;
      byPid.set(Number(pid), { comm, group: Number(fields[2]), ticks: Number(fields[11]) + Number(fields[12]), ...(title ? { title } : {}) });
    } catch {
      // the process ended meanwhile
    }
  }
  return { at: performance.now(), byPid };
}

export class CpuWatch {
  private readonly start = sample();

  /**
   * `serverGroup`: the server's process group id; `generatorPid`: the load generator's pid;
   * `databases`: the bench's databases (backends serving other databases count as others).
   */
  constructor(private readonly serverGroup: number, private readonly generatorPid: number, private readonly databases: readonly string[]) {}

  private isOurPostgres(title: string | undefined): boolean {
    // Client backends name their database and client; background processes (WAL writer, checkpointer…) do not.
    const client = title !== undefined && /\d+\.\d+\.\d+\.\d+\(\d+\)|\[local\]/.test(title);
    return !client || this.databases.some((name) => title.includes(` ${name} `));
  }

  stop(): CpuShares | null {
    const end = sample();
    if (!this.start || !end) return null;
    const shares = { server: 0, generator: 0, postgres: 0, kernel: 0, others: 0 };
    for (const [pid, now] of end.byPid) {
      const before = this.start.byPid.get(pid);
      const ticks = now.ticks - (before && before.comm === now.comm ? before.ticks : 0);
      if (ticks <= 0) continue;
      const key = now.group === this.serverGroup ? 'server'
        : pid === this.generatorPid ? 'generator'
          : now.comm.startsWith('postgres') ? (this.isOurPostgres(now.title) ? 'postgres' : 'others')
            : now.group === 0 ? 'kernel'
            : pid === process.pid ? 'generator' // the bench itself: the watcher, a few queries
              : 'others';
      shares[key] += ticks / TICKS_PER_SECOND;
    }
    return { ...shares, wallSeconds: (end.at - this.start.at) / 1_000 };
  }
}

/** "CPU: server 1.2, postgres 0.8, … core-s of 2 × 1.5 s" */
export function describeCpu(shares: CpuShares | null): string {
  if (!shares) return 'CPU use unknown';
  const f = (n: number) => n.toFixed(1);
  return `CPU: server ${f(shares.server)}, postgres ${f(shares.postgres)}, load generator ${f(shares.generator)}, kernel ${f(shares.kernel)}, other processes ${f(shares.others)} ` +
    `core-s of ${cpus().length} × ${f(shares.wallSeconds)} s`;
}

/** Other processes took more than a tenth of the machine: the figures are suspect. */
export function busyMachine(shares: CpuShares | null): boolean {
  return shares !== null && shares.others > 0.1 * cpus().length * shares.wallSeconds;
}
