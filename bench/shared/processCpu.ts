import { readdirSync, readFileSync } from 'node:fs';

/** Platform processes by what their command line holds; the first match names a process. */
const GROUPS: [name: string, marker: string][] = [
  ['temporal-server', 'temporal-server'],
  ['temporal-worker', 'workers/temporal/main.ts'],
  ['auth', 'api/auth/main.ts'],
  ['ticket', 'api/ticket/main.ts'],
  ['workflow', 'api/workflow/main.ts'],
  ['messaging', 'api/messaging/main.ts'],
  ['notification', 'api/notification/main.ts'],
  ['postgres', 'postgres'],
  ['rabbitmq', 'beam.smp'],
];

const TICKS_PER_SECOND = 100;

function readCpuTicks(): Map<string, number> {
  const ticks = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      const group = GROUPS.find(([, marker]) => cmdline.includes(marker))?.[0];
      if (!group) continue;
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]);
      ticks.set(group, (ticks.get(group) ?? 0) + used);
    } catch {
      continue; // the process ended between listing and reading
    }
  }
  return ticks;
}

export interface CpuShare {
  name: string;
  seconds: number;
}

/**
 * CPU seconds each platform process (Postgres and RabbitMQ summed over their processes) used
 * between `start` and `stop`, largest first: where a bench's time went. Linux only; processes that
 * restarted in between count from their restart.
 */
export function sampleProcessCpu(): { stop(): CpuShare[] } {
  const before = readCpuTicks();
  return {
    stop() {
      const after = readCpuTicks();
      return [...after]
        .map(([name, ticks]) => ({
          name,
          seconds: Math.max(0, ticks - (before.get(name) ?? 0)) / TICKS_PER_SECOND,
        }))
        .sort((a, b) => b.seconds - a.seconds);
    },
  };
}
