import { describe, expect, it } from 'vitest';
import { simulate } from '../helpers/simulate.js';
import { GROUP, SETUP, at } from '../helpers/community.js';

describe('staff are residents too', () => {
  it('a staff member reporting a fault of their own home in the building group gets a ticket; their work talk there does not', async () => {
    const { said, tickets } = await simulate([
      ...SETUP,
      { at: at('09:00'), room: GROUP, from: '李师傅', text: '大家好，3单元的楼道灯已经修好了' },
      { at: at('09:05'), room: GROUP, from: '李师傅', text: '我家卫生间水管漏水了，麻烦同事来看看' },
    ]);
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ intent: 'repair', reporter: '李师傅', room: GROUP });
    const inGroup = said.filter((s) => s.room === GROUP);
    expect(inGroup).toHaveLength(1);
    expect(inGroup[0]!.mentions).toEqual(['李师傅']);
    expect(inGroup[0]!.text).toContain('#1');
  });
});
