import nodeModule from 'node:module';

/** `module.setSourceMapsSupport` (Node 22.14 and later), which the Node 20 type definitions this package compiles against lack. */
type SetSourceMapsSupport = (enabled: boolean, options?: { nodeModules?: boolean; generatedCode?: boolean }) => void;

/**
 * Stack traces keep pointing at the lines of the application's TypeScript (and of Conveyor's, run
 * from its sources), but no longer map the compiled files under node_modules: tsx turns source
 * maps on for every module when it registers, and mapping the Temporal SDK's and every other
 * library's files costs each process about 0.1 s of CPU as it starts (bench/README.md). Called
 * after each tsx registration, since each turns them on for every module again.
 */
export function mapOwnSourcesOnly(): void {
  (nodeModule as { setSourceMapsSupport?: SetSourceMapsSupport }).setSourceMapsSupport?.(true, { nodeModules: false });
}
