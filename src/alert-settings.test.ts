import { describe, expect, it } from 'vitest';
import { ALERT_EVENTS, loadSettings, SettingsError } from './config';

describe('alert settings', () => {
  it('sends no alerts unless CONVEYOR_ALERT_WEBHOOK_URL is set; then every event of every type, stuck after 10 minutes, checked every 30 s', () => {
    expect(loadSettings({}).alerts).toEqual({ webhookUrl: undefined, webhookSecret: undefined, taskNames: [], events: [...ALERT_EVENTS], stuckAfterMs: 600_000, checkIntervalMs: 30_000 });
    const alerts = loadSettings({
      CONVEYOR_ALERT_WEBHOOK_URL: 'https://hooks.example.com/T0KEN',
      CONVEYOR_ALERT_WEBHOOK_SECRET: 'sixteen-chars-at-least',
      CONVEYOR_ALERT_TASK_NAMES: 'charge, refund',
      CONVEYOR_ALERT_EVENTS: 'task_failed,task_stuck',
      CONVEYOR_ALERT_STUCK_AFTER: '2m',
      CONVEYOR_ALERT_CHECK_INTERVAL: '5s',
    }).alerts;
    expect(alerts).toEqual({ webhookUrl: 'https://hooks.example.com/T0KEN', webhookSecret: 'sixteen-chars-at-least', taskNames: ['charge', 'refund'], events: ['task_failed', 'task_stuck'], stuckAfterMs: 120_000, checkIntervalMs: 5000 });
  });

  it.each([
    [{ CONVEYOR_ALERT_WEBHOOK_URL: 'ftp://hooks.example.com/T0KEN' }, /CONVEYOR_ALERT_WEBHOOK_URL: must be an http:\/\/ or https:\/\/ URL/],
    [{ CONVEYOR_ALERT_WEBHOOK_URL: 'https://hooks.example.com/T0KEN', CONVEYOR_ALERT_WEBHOOK_SECRET: 'short' }, /CONVEYOR_ALERT_WEBHOOK_SECRET: must be at least 16 characters/],
    [{ CONVEYOR_ALERT_WEBHOOK_SECRET: 'sixteen-chars-at-least' }, /CONVEYOR_ALERT_WEBHOOK_SECRET: is set, but CONVEYOR_ALERT_WEBHOOK_URL is not/],
    [{ CONVEYOR_ALERT_EVENTS: 'task_failed,task_exploded' }, /CONVEYOR_ALERT_EVENTS: must name events among task_failed, task_timed_out, task_stuck, schedule_missed/],
    [{ CONVEYOR_ALERT_STUCK_AFTER: '10ms' }, /CONVEYOR_ALERT_STUCK_AFTER: must be at least 1s/],
    [{ CONVEYOR_ALERT_CHECK_INTERVAL: 'often' }, /CONVEYOR_ALERT_CHECK_INTERVAL: /],
  ])('refuses %j naming the variable, and never repeats the URL or the secret', (env, message) => {
    expect(() => loadSettings(env)).toThrow(SettingsError);
    expect(() => loadSettings(env)).toThrow(message);
    try {
      loadSettings(env);
    } catch (error) {
      expect((error as Error).message).not.toContain('T0KEN');
      expect((error as Error).message).not.toContain('sixteen-chars');
    }
  });
});
