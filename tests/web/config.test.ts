import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('console configuration', () => {
  it('listens on 127.0.0.1:3000 by default, without Secure cookies, 2 h idle and 12 h absolute sessions', () => {
    expect(loadConfig({}).web).toEqual({ host: '127.0.0.1', port: 3000, secureCookies: false, sessionIdleMinutes: 120, sessionMaxHours: 12 });
  });

  it('accepts a host, port 0 (any free port) and Secure cookies', () => {
    const c = loadConfig({ WEB_HOST: '0.0.0.0', WEB_PORT: '0', WEB_SECURE_COOKIES: 'true', WEB_SESSION_IDLE_MINUTES: '30', WEB_SESSION_MAX_HOURS: '8' });
    expect(c.web).toEqual({ host: '0.0.0.0', port: 0, secureCookies: true, sessionIdleMinutes: 30, sessionMaxHours: 8 });
  });

  it.each([
    ['WEB_PORT', '70000'], ['WEB_PORT', 'http'], ['WEB_HOST', 'http://x'], ['WEB_HOST', 'a b'], ['WEB_SECURE_COOKIES', 'maybe'],
    ['WEB_SESSION_IDLE_MINUTES', '1'], ['WEB_SESSION_MAX_HOURS', '0'],
  ])('refuses %s=%s, naming the variable', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(key);
  });
});
