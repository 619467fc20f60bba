/**
 * Child processes of the test host (auth server, code-server): started with their
 * output in a log file, awaited by a line they print, and stopped together with
 * every process they spawned (code-server forks a server, extension hosts, a pty host).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { logsDir } from './paths';

export interface ServiceOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Log file name under test-output/logs (default `<name>.log`). */
  logFile?: string;
  /** Also copy the output to this process's stderr (debugging). */
  echo?: boolean;
}

/** A started process and what it printed so far. */
export interface Service {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or the signal name) once the process ended. */
  readonly exited: Promise<number | string>;
  /** Everything printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves with the first match of `pattern` in the output; rejects on exit or timeout. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** Stops the process and all its descendants; idempotent. */
  stop(): Promise<void>;
}

const running = new Set<Service>();

/** Starts `command args` with its output captured to a log file. */
export function startService(name: string, command: string, args: string[], options: ServiceOptions = {}): Service {
  const logFile = path.join(logsDir(), options.logFile ?? `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n=== ${new Date().toISOString()} ${command} ${args.join(' ')}\n`);
  // Not detached: the process stays in our process group, so the outer `timeout`
  // of scripts/test.sh can still kill it if this runner itself is killed.
  const child: ChildProcess = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name}: could not start ${command}`);
  const pid = child.pid;
  let buffer = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    buffer += text;
    if (buffer.length > 2_000_000) buffer = buffer.slice(-1_000_000);
    log.write(text);
    if (options.echo) process.stderr.write(text);
    for (const l of listeners) l();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => {
      log.write(`=== exited ${code ?? signal}\n`);
      log.end();
      for (const l of listeners) l();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  let exitedYet = false;
  void exited.then(() => {
    exitedYet = true;
  });

  let stopping: Promise<void> | undefined;
  const service: Service = {
    name,
    pid,
    logFile,
    exited,
    output: () => buffer,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const m = buffer.match(pattern);
          if (m) return done(() => resolve(m));
          if (exitedYet) done(() => reject(new Error(`${name} exited before printing ${pattern}; see ${logFile}\n${tail(buffer)}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`${name} did not print ${pattern} within ${timeoutMs} ms; see ${logFile}\n${tail(buffer)}`))),
          timeoutMs,
        );
        const done = (fn: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          fn();
        };
        listeners.add(check);
        check();
      });
    },
    stop() {
      stopping ??= (async () => {
        running.delete(service);
        if (!exitedYet) await killTree(pid);
        await Promise.race([exited, delay(5000)]);
      })();
      return stopping;
    },
  };
  running.add(service);
  return service;
}

/** Stops every service still running (for exit/signal handlers). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

/** Synchronous last resort for `process.on('exit')`: SIGKILL every tree still running. */
export function killAllSync(): void {
  for (const s of running) {
    for (const pid of [...descendants(s.pid), s.pid]) trySignal(pid, 'SIGKILL');
  }
  running.clear();
}

/**
 * Sends SIGTERM to `rootPid` and all its descendants (collected first, so that
 * children re-parented on their parent's death are still found), then SIGKILL to
 * whatever is left after `graceMs`.
 */
export async function killTree(rootPid: number, graceMs = 5000): Promise<void> {
  const pids = [rootPid, ...descendants(rootPid)];
  for (const pid of pids) trySignal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && pids.some(isAlive)) await delay(100);
  for (const pid of pids.filter(isAlive)) trySignal(pid, 'SIGKILL');
}

/** All descendants of `rootPid`, from /proc (Linux). */
export function descendants(rootPid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // Field 4 (ppid) follows the command name in parentheses, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // The process ended while we were reading.
    }
  }
  const out: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const c of children.get(queue.shift() as number) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

function isAlive(pid: number): boolean {
  try {
    // A zombie still "exists" for kill(0); treat it as gone.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return false;
  }
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone.
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function tail(text: string, lines = 30): string {
  return text.split('\n').slice(-lines).join('\n');
}

let stopping = false;

/** True once a signal asked this process to stop (services ending then are expected). */
export function shuttingDown(): boolean {
  return stopping;
}

/**
 * Makes SIGINT/SIGTERM/SIGHUP and normal exit stop every started service, so no
 * code-server or auth server outlives a runner that was interrupted or timed out.
 */
export function stopServicesOnExit(): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n[test-host] ${signal}: stopping started processes\n`);
    void Promise.race([stopAll(), delay(8000)]).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  process.on('exit', killAllSync);
}
