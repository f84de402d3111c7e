import { execFileSync, spawn } from 'node:child_process';
import childProcess from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the unit project', () => {
  it('refuses to start a child process, naming where such a test belongs', () => {
    expect(() => execFileSync('true')).toThrow(/unit tests start no child process \(child_process\.execFileSync was called\): move this test to the integration project/);
    expect(() => spawn('true')).toThrow(/child_process\.spawn was called/);
    expect(() => childProcess.fork('nothing.js')).toThrow(/child_process\.fork was called/);
  });
});
