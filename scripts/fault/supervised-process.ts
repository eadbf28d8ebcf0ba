import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, WriteStream } from 'node:fs';

/** A process that ended without the harness asking: what an operator would find in the logs. */
export interface UnexpectedExit {
  name: string;
  at: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The line of its last output that names the error, or its last line. */
  cause: string;
  /** The last lines it wrote to stderr (and stdout), oldest first. */
  lastOutput: string[];
}

export interface SupervisedProcessOptions {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Every line it writes goes here, so a run can be read afterwards. */
  logFile: string;
  /** Called for each exit the harness did not cause; the process is then started again, as a supervisor would. */
  onUnexpectedExit: (exit: UnexpectedExit) => void;
  restartDelayMs?: number;
}

const TAIL_LINES = 40;

/**
 * One product process (a worker, the API, the Temporal server) under a supervisor that restarts it, like systemd or
 * Kubernetes would. The harness tells a kill it ordered from a death of the process's own making: only the latter
 * is reported.
 */
export class SupervisedProcess {
  private child: ChildProcess | undefined;
  private expectingExit = false;
  private stopped = false;
  private readonly tail: string[] = [];
  private readonly log: WriteStream;
  private restartTimer: NodeJS.Timeout | undefined;
  starts = 0;
  kills = 0;

  constructor(private readonly options: SupervisedProcessOptions) {
    this.log = createWriteStream(options.logFile, { flags: 'a' });
  }

  get name(): string {
    return this.options.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.expectingExit = false;
    this.starts += 1;
    const { command, args, env } = this.options;
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.note(`--- start #${this.starts} (pid ${child.pid}) at ${new Date().toISOString()}`);
    const keep = (chunk: Buffer) => {
      this.log.write(chunk);
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        this.tail.push(line);
        if (this.tail.length > TAIL_LINES) this.tail.shift();
      }
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('exit', (code, signal) => {
      this.note(`--- exit code=${code} signal=${signal} at ${new Date().toISOString()}`);
      if (this.child !== child) return;
      if (this.expectingExit || this.stopped) return;
      this.options.onUnexpectedExit({
        name: this.name,
        at: new Date().toISOString(),
        code,
        signal,
        cause: [...this.tail].reverse().find((line) => /^\s*(\w*Error\b|error:)/.test(line)) ?? this.tail.at(-1) ?? '',
        lastOutput: [...this.tail],
      });
      this.restartTimer = setTimeout(() => this.start(), this.options.restartDelayMs ?? 1_000);
    });
  }

  /** SIGKILL, as an OOM killer or a lost node does it; resolves once the process is gone. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
    this.kills += 1;
  }

  /** Stops it for good (end of the run): SIGTERM, then SIGKILL after the grace period. */
  async stop(graceMs = 25_000): Promise<void> {
    this.stopped = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || !this.running) return;
    const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.signal('SIGTERM');
    clearTimeout(killer);
  }

  async closeLog(): Promise<void> {
    await new Promise<void>((resolve) => this.log.end(resolve));
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    this.expectingExit = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  private note(line: string): void {
    this.log.write(`${line}\n`);
  }
}
