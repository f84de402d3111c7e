import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONVEYOR_DYNAMIC_CONFIG } from '../../src/temporal/dev-server/dev-server';

const RECIPES_DYNAMIC_CONFIG = path.join(__dirname, '..', '..', 'deploy', 'cluster', 'dynamicconfig.yaml');

describe("the recipes' dynamic config (every recipe's server image reads deploy/cluster/dynamicconfig.yaml)", () => {
  const recipes = parse(readFileSync(RECIPES_DYNAMIC_CONFIG, 'utf8')) as Record<string, { value: unknown }[]>;

  it('sets every value the embedded dev server gets, to the same value', () => {
    for (const [key, value] of Object.entries(CONVEYOR_DYNAMIC_CONFIG)) {
      expect(recipes[key], key).toEqual([{ value }]);
    }
  });

  it('turns fairness on, for fairness keys and rate limits per key', () => {
    expect(CONVEYOR_DYNAMIC_CONFIG['matching.enableFairness']).toBe(true);
    expect(recipes['matching.enableFairness']).toEqual([{ value: true }]);
  });
});
