import { analyzeCommand } from './analyze.command';
import { customersCommand } from './customers.command';
import { detectCommand } from './detect.command';
import { trainCommand } from './train.command';
import type { CliCommand, CliIo } from './cli.types';

/** Every subcommand; a new one (`train`, …) is one more entry here. */
export const COMMANDS: readonly CliCommand[] = [analyzeCommand, trainCommand, detectCommand, customersCommand];

export function usage(commands: readonly CliCommand[] = COMMANDS): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: escucha <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun "escucha <command> --help" for a command's options.`;
}

/** Dispatches `argv` (without node and the script) to a command; resolves to the exit status. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(`${usage(commands)}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    const what = name === undefined ? 'no command given' : `unknown command "${name}"`;
    io.stderr.write(`escucha: ${what}\n\n${usage(commands)}\n`);
    return 2;
  }
  return command.run(rest, io);
}
