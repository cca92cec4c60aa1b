// Colours for the TTY table, through chalk (loaded only when colour is on).
import { Chalk } from 'chalk';

export interface Paint {
  bold(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  dim(s: string): string;
}

export const NO_PAINT: Paint = { bold: (s) => s, green: (s) => s, yellow: (s) => s, dim: (s) => s };

export function chalkPaint(): Paint {
  const chalk = new Chalk({ level: 1 });
  return { bold: (s) => chalk.bold(s), green: (s) => chalk.green(s), yellow: (s) => chalk.yellow(s), dim: (s) => chalk.dim(s) };
}
