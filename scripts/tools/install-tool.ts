import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { findOnPath } from '../../src/temporal/dev-server/wheel-binary';
import { ROOT, toolFolder, type PinnedTool, type Recipe } from './pinned-tools';

/** A tool that could not be installed here, with the one command that fixes it. */
export class ToolNotInstalled extends Error {
  constructor(
    readonly tool: PinnedTool,
    reason: string,
    readonly fix: string,
  ) {
    super(`${tool.name} ${tool.version}: ${reason}`);
    this.name = 'ToolNotInstalled';
  }
}

interface Run {
  code: number;
  output: string;
}

function run(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** The last lines of a failed command's output, enough to say why. */
function tail(output: string, lines = 8): string {
  return output.trim().split('\n').slice(-lines).join('\n');
}

/** What a person runs to install the tool by hand, where this script cannot. */
export function manualCommand(tool: PinnedTool, recipe: Recipe = tool.recipe): string {
  const folder = toolFolder(tool);
  switch (recipe.kind) {
    case 'pip':
      return `python3 -m pip install --target ${folder} ${recipe.requirement}`;
    case 'go-install':
      return `GOBIN=${path.join(folder, path.dirname(tool.entry))} go install ${recipe.module}`;
    case 'go-build':
      return `go build -C ${recipe.moduleDir} -o ${path.join(folder, tool.entry)} .`;
    case 'npm':
      return `npm install --prefix ${folder} --no-save ${recipe.spec}`;
    case 'debian':
      return `sudo apt-get install -y ${recipe.package}`;
  }
}

/**
 * Installs the pinned tool. Into a staging folder first, renamed into place once complete, so a
 * half-installed tool is never taken for a whole one (an interrupted install, two runs at once).
 */
export async function installTool(tool: PinnedTool): Promise<void> {
  const recipe: Recipe = tool.recipe;
  if (recipe.kind === 'debian') return installDebianPackage(tool, recipe.package);
  const folder = toolFolder(tool);
  const staging = `${folder}.installing-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await build(tool, recipe, staging);
    if (!existsSync(path.join(staging, tool.entry))) throw new ToolNotInstalled(tool, `the install left no ${tool.entry}`, manualCommand(tool));
    if (existsSync(folder)) rmSync(folder, { recursive: true, force: true }); // an incomplete earlier copy
    renameSync(staging, folder);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function build(tool: PinnedTool, recipe: Exclude<Recipe, { kind: 'debian' }>, staging: string): Promise<void> {
  const failed = (result: Run) => new ToolNotInstalled(tool, `${recipe.kind} failed:\n${tail(result.output)}`, manualCommand(tool));
  switch (recipe.kind) {
    case 'pip': {
      const python = findOnPath('python3', process.env.PATH) ?? findOnPath('python', process.env.PATH);
      if (!python) throw new ToolNotInstalled(tool, 'Python (with pip) is not on PATH', 'sudo apt-get install -y python3-pip');
      const result = await run(python, ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-warn-script-location', '--target', staging, recipe.requirement], {
        env: { PIP_ROOT_USER_ACTION: 'ignore' },
      });
      if (result.code !== 0) throw failed(result);
      return;
    }
    case 'go-install':
    case 'go-build': {
      const go = findOnPath('go', process.env.PATH);
      if (!go) throw new ToolNotInstalled(tool, 'Go is not on PATH', `install Go (https://go.dev/doc/install), then run the same command again${tool.override ? `; or set ${tool.override} to a ${tool.name} ${tool.version} you have` : ''}`);
      // A Go older than the module needs fetches the newer toolchain from the module proxy.
      const env = { GOTOOLCHAIN: process.env.GOTOOLCHAIN ?? 'auto', CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' };
      const result =
        recipe.kind === 'go-install'
          ? await run(go, ['install', recipe.module], { env: { ...env, GOBIN: path.join(staging, path.dirname(tool.entry)) } })
          : await run(go, ['build', '-o', path.join(staging, tool.entry), '.'], { cwd: path.join(ROOT, recipe.moduleDir), env });
      if (result.code !== 0) throw failed(result);
      return;
    }
    case 'npm': {
      const result = await run('npm', ['install', '--prefix', staging, '--no-save', '--no-audit', '--no-fund', '--no-package-lock', recipe.spec]);
      if (result.code !== 0) throw failed(result);
      return;
    }
  }
}

/** apt-get as root, or through sudo when it asks no password; otherwise the command to run by hand. */
async function installDebianPackage(tool: PinnedTool, name: string): Promise<void> {
  if (!findOnPath('apt-get', process.env.PATH)) {
    throw new ToolNotInstalled(tool, 'this machine has no apt-get', `install ${name} with your system's package manager${tool.override ? `, and set ${tool.override} to its path` : ''}`);
  }
  const asRoot = process.getuid?.() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  if (!asRoot && (await run('sudo', ['-n', 'true'])).code !== 0) {
    throw new ToolNotInstalled(tool, 'installing a Debian package needs root', manualCommand(tool));
  }
  const apt = (args: string[]) => {
    const [file = 'apt-get', ...rest] = [...sudo, 'apt-get', ...args];
    return run(file, rest, { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  };
  const install = ['install', '-y', '-qq', '--no-install-recommends', name];
  let result = await apt(install);
  if (result.code !== 0) {
    // A fresh machine's package lists may be empty or stale.
    const updated = await apt(['update', '-qq']);
    if (updated.code !== 0) throw new ToolNotInstalled(tool, `apt-get update failed:\n${tail(updated.output)}`, manualCommand(tool));
    result = await apt(install);
  }
  if (result.code !== 0) throw new ToolNotInstalled(tool, `apt-get install failed:\n${tail(result.output)}`, manualCommand(tool));
}
