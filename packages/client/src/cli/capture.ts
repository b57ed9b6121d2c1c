// Test support (not exported): runs the CLI in process against a registry and captures what it writes.
import { runCli } from './program.js';

/** What one in-process CLI run wrote, and its exit code. */
export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Raw chunks written to standard output as bytes (`pollinate pack -`). */
  bytes: Uint8Array[];
}

/**
 * Runs `pollinate <args>` in this process, non-interactive (no TTY), with the environment,
 * working folder and standard input given, and collects its output.
 */
export async function captureCli(
  args: readonly string[],
  options: { env: Record<string, string | undefined>; cwd: string; stdin?: Uint8Array },
): Promise<CapturedRun> {
  let stdout = '';
  let stderr = '';
  const bytes: Uint8Array[] = [];
  const code = await runCli([...args], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    stdoutBytes: (chunk) => bytes.push(chunk),
    readStdin: async () => options.stdin ?? new Uint8Array(),
    env: options.env,
    isTTY: false,
    cwd: options.cwd,
  });
  return { code, stdout, stderr, bytes };
}
