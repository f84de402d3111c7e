import nodeModule from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { mapOwnSourcesOnly } from './source-maps';

interface SourceMapsSupport {
  enabled: boolean;
  nodeModules: boolean;
  generatedCode: boolean;
}
/** The Node 22 API, which the Node 20 type definitions lack. */
const sourceMaps = nodeModule as unknown as {
  getSourceMapsSupport: () => SourceMapsSupport;
  setSourceMapsSupport: (enabled: boolean, options: Omit<SourceMapsSupport, 'enabled'>) => void;
};

describe('mapOwnSourcesOnly', () => {
  // The unit files share their process: what this test turns on is put back.
  const before = sourceMaps.getSourceMapsSupport();
  afterEach(() => sourceMaps.setSourceMapsSupport(before.enabled, { nodeModules: before.nodeModules, generatedCode: before.generatedCode }));

  it('keeps source maps on, as tsx turned them, but not for node_modules', () => {
    process.setSourceMapsEnabled(true); // what tsx does when it registers: every module mapped
    expect(sourceMaps.getSourceMapsSupport()).toMatchObject({ enabled: true, nodeModules: true });

    mapOwnSourcesOnly();

    expect(sourceMaps.getSourceMapsSupport()).toEqual({ enabled: true, nodeModules: false, generatedCode: false });
  });
});
