import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * The checkpointer thread: its own connection to the database file, running a `PASSIVE`
 * WAL checkpoint every `intervalMs` (copying committed WAL frames into the database file
 * and syncing it). A passive checkpoint never waits for readers or writers, so it never
 * blocks the serving connection; WAL commits keep their own sync.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('synchronous = ' + workerData.synchronous);
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)');
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message !== 'close') return;
  clearInterval(timer);
  try { checkpoint(); } finally { db.close(); parentPort.close(); }
});
parentPort.postMessage('ready');
`;

/** A running checkpointer thread. */
export interface Checkpointer {
  /** Runs a last checkpoint, closes the thread's connection and waits for the thread to end. */
  close(): Promise<void>;
}

/**
 * Moves SQLite's WAL checkpoints off the serving thread. With the automatic checkpoint, the
 * commit that crosses 1,000 WAL pages copies them into the database file and syncs it inside
 * the request (hundreds of milliseconds on a busy disk, stalling every request of the
 * process). The caller turns `wal_autocheckpoint` off on its connection; this thread checkpoints
 * instead. If the thread fails, `onError` runs (the caller turns automatic checkpoints back on).
 *
 * @param file - the database file (WAL mode)
 * @param options - `synchronous` level of the checkpointing connection; `intervalMs` between checkpoints
 * @returns a {@link Checkpointer}
 */
export function startCheckpointer(
  file: string,
  options: { synchronous: 'FULL' | 'NORMAL'; intervalMs: number; onError: (error: unknown) => void },
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      module: createRequire(import.meta.url).resolve('better-sqlite3'),
      synchronous: options.synchronous,
      intervalMs: options.intervalMs,
    },
  });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  let failed = false;
  worker.on('error', (error) => {
    failed = true;
    options.onError(error);
  });
  return {
    async close() {
      // The thread is unref'd while it runs (it must not keep a process alive), but its last
      // checkpoint is awaited: keep the event loop alive until it ends, or a process with
      // nothing else to do exits in the middle of close() (exit code 0, close never resolved).
      worker.ref();
      if (!failed) worker.postMessage('close');
      await exited;
    },
  };
}
