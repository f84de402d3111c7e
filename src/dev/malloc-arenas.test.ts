import { describe, expect, it } from 'vitest';
import { mallocArenaEnv } from './malloc-arenas';

describe('mallocArenaEnv', () => {
  it('gives the worker two arenas when nothing else says', () => {
    expect(mallocArenaEnv({ PATH: '/usr/bin' })).toEqual({ MALLOC_ARENA_MAX: '2' });
  });

  it("keeps the developer's own count, which the worker inherits", () => {
    expect(mallocArenaEnv({ MALLOC_ARENA_MAX: '8' })).toEqual({});
  });
});
