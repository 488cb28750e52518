import { runCli } from './cli';

// Exit through exitCode, not process.exit(), so buffered stdout is flushed before the process ends.
runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`escucha: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
