import { ChildProcess, fork } from 'node:child_process';
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REGISTER = join(__dirname, '..', 'register.js');

/** USER_HZ: 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS = 100;

export interface ChildHandle<Ready> {
  child: ChildProcess;
  ready: Ready;
  logFile: string;
  /** Sends a message and waits for the answer of the same `type` + `:done`. */
  request<T>(message: { type: string } & Record<string, unknown>, timeoutMs?: number): Promise<T>;
  /** Resident set size now and its peak since the last `resetPeakRss`, in bytes (Linux /proc). */
  rss(): { rss: number; peak: number };
  resetPeakRss(): void;
  /** CPU time (user + system) the process has used so far, in ms (Linux /proc). */
  cpuMs(): number;
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Forks a TypeScript entry of bench/ (through the SWC require hook) with the given environment,
 * its stdout/stderr appended to `logFile`, and waits for its `{ type: 'ready' }` message.
 */
export async function startChild<Ready>(entry: string, env: NodeJS.ProcessEnv, logFile: string, options: { timeoutMs?: number; execArgv?: string[] } = {}): Promise<ChildHandle<Ready>> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = fork(entry, [], { execArgv: ['-r', REGISTER, ...(options.execArgv ?? [])], env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${entry} not ready within ${timeoutMs} ms (log: ${logFile})`)), timeoutMs);
    child.on('message', (message: { type?: string }) => {
      if (message?.type === 'ready') {
        clearTimeout(timer);
        resolve(message as Ready);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before it was ready (log: ${logFile})`));
    });
  });
  let sequence = 0;
  return {
    child,
    ready,
    logFile,
    request<T>(message: { type: string } & Record<string, unknown>, requestTimeoutMs = 60_000) {
      const id = ++sequence;
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${message.type}: no answer within ${requestTimeoutMs} ms`)), requestTimeoutMs);
        const onMessage = (answer: { type?: string; id?: number; error?: string }) => {
          if (answer?.type !== `${message.type}:done` || answer.id !== id) return;
          clearTimeout(timer);
          child.off('message', onMessage);
          if (answer.error) reject(new Error(answer.error));
          else resolve(answer as T);
        };
        child.on('message', onMessage);
        child.send({ ...message, id });
      });
    },
    rss() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
      return { rss: kb('VmRSS'), peak: kb('VmHWM') };
    },
    cpuMs() {
      // Fields after the command name: state is field 3, utime 14, stime 15 (in clock ticks).
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
    },
    resetPeakRss() {
      writeFileSync(`/proc/${child.pid}/clear_refs`, '5');
    },
    async stop(stopTimeoutMs = 30_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await exited;
      clearTimeout(timer);
      log.end();
    },
  };
}
