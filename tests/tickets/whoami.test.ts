import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';
import { GROUP, SETUP, at } from '../helpers/community.js';

describe('我的ID: finding the contact id the roster binds to', () => {
  it('answers privately with the sender’s own id, also when asked in a group', async () => {
    const { said } = await simulate([
      ...SETUP,
      { at: at('09:00'), from: '刘先生', text: '我的ID' },
      { at: at('09:01'), room: GROUP, from: '张阿姨', text: '我的ID' },
    ]);
    expect(said.filter((s) => s.room)).toEqual([]);
    const [first, second] = said;
    expect(first).toMatchObject({ to: '刘先生' });
    expect(first!.text).toMatch(/您的微信 ID 是 wxid_\d+。/);
    expect(second).toMatchObject({ to: '张阿姨' });
    expect(second!.text).not.toBe(first!.text);
    expect(said).toHaveLength(2);
  });
});
