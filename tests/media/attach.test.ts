import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { simulate, type SaidLine } from '../helpers/simulate.js';
import { GROUP, STAFF, at } from '../helpers/community.js';

const SCRIPTS = 'tests/scripts/media';
const run = (name: string, env: Record<string, string> = {}) =>
  simulate(readFileSync(`${SCRIPTS}/${name}`, 'utf8'), env, { baseDir: SCRIPTS });
const inGroup = (said: SaidLine[]) => said.filter((s) => s.room === GROUP);
const inStaff = (said: SaidLine[]) => said.filter((s) => s.room === STAFF);
const to = (said: SaidLine[], name: string) => said.filter((s) => s.to === name);

describe('media on tickets, as conversations', () => {
  it('photos before and after the words belong to the report; a neighbour\'s, and a photo alone, do not (photos-on-a-leak.jsonl)', async () => {
    const { said, tickets } = await run('photos-on-a-leak.jsonl', { RATING_IN_GROUP: 'false' });
    // before (water-stain.png), after (a sample), the same picture again, a voice note, and the technician's after-repair photo
    expect(tickets).toEqual([expect.objectContaining({ id: 1, reporter: '张阿姨', status: 'closed', rating: 5, media: 5 })]);
    // the group sees the acknowledgement and the 接单 notice: no reply to any picture, no picture re-posted
    expect(inGroup(said).map((s) => s.text)).toEqual([
      expect.stringContaining('已登记为报修工单 #1'),
      expect.stringContaining('工单 #1 已由李师傅接单'),
    ]);
    expect(said.filter((s) => s.media && s.room)).toEqual([]);
    const staff = inStaff(said);
    // the photo came first: the new-ticket message counts it; later pictures get one follow-up line, not one per picture
    expect(staff[0]!.text).toMatch(/^🆕 新报修工单 #1.*（附图 1 张）\n/);
    expect(staff.filter((s) => s.text.startsWith('📎'))).toEqual([
      expect.objectContaining({ at: '2026-11-23T09:02:00+08:00', text: '📎 工单 #1 张阿姨 补充了图片，可在后台工单详情查看。' }),
    ]);
    // 查 #1 counts them
    expect(staff.at(-1)!.text).toContain('附件：图片 4 张（完工照片 1 张）、语音 1 条');
    // RATING_IN_GROUP off: the rating question privately, then the after-repair photo with a reminder as its caption
    const zhang = to(said, '张阿姨');
    expect(zhang.map((s) => [s.at, s.media?.name ?? s.text.slice(0, 8)])).toEqual([
      ['2026-11-23T11:00:00+08:00', '您好，工单 #1'],
      ['2026-11-23T11:02:00+08:00', 'repaired.png'],
      ['2026-11-23T11:02:00+08:00', '这是工单 #1（'],
      ['2026-11-23T12:00:00+08:00', '感谢您的评价（5'],
    ]);
    expect(zhang[0]!.text).toContain('请您为这次服务打个分');
    expect(zhang[1]!.media).toEqual({ name: 'repaired.png', type: 'image/png', size: readFileSync(`${SCRIPTS}/repaired.png`).length });
    expect(zhang[2]!.text).toContain('满意请回复 1-5 打分');
    // nobody else hears of any picture
    expect(said.filter((s) => s.to && s.to !== '张阿姨')).toEqual([]);
  });

  it('with RATING_IN_GROUP on, the after-repair photo is recorded but never posted in the residents\' group', async () => {
    const { said, tickets } = await run('photos-on-a-leak.jsonl');
    expect(tickets[0]).toMatchObject({ media: 5 });
    expect(said.filter((s) => s.media)).toEqual([]);
    const group = inGroup(said);
    expect(group.filter((s) => s.text.includes('打个分'))).toHaveLength(1);
    expect(group).toHaveLength(3); // acknowledgement, 接单, the rating question (answered privately)
  });

  it('a photo answering the bot\'s question, a photo after naming the ticket, the technician\'s photo just before 完成 (photo-answers.jsonl)', async () => {
    const { said, tickets } = await run('photo-answers.jsonl', { RATING_IN_GROUP: 'false' });
    // #1: the door-number question was pending, so 张阿姨's picture 20 minutes later answers it; her picture at 14:00 answers nothing
    // #2: 刘先生's "#2 …" an hour after his report, then a picture; 李师傅's picture two minutes before 完成 #2
    expect(tickets.map((t) => [t.id, t.media])).toEqual([[1, 1], [2, 2]]);
    expect(inStaff(said).filter((s) => s.text.startsWith('📎')).map((s) => s.text)).toEqual([
      '📎 工单 #1 张阿姨 补充了图片，可在后台工单详情查看。',
      '📎 工单 #2 刘先生 补充了图片，可在后台工单详情查看。',
    ]);
    // 陈伯's picture alone: no ticket, no word from the bot
    expect(said.some((s) => s.mentions?.includes('陈伯') || s.to === '陈伯')).toBe(false);
    // the photo came before 完成: it follows the rating question without a second reminder
    const liu = to(said, '刘先生');
    expect(liu.map((s) => s.media?.name ?? s.text.slice(0, 8))).toEqual(['您好，工单 #2', 'repaired.png']);
    expect(liu[0]!.text).toContain('请您为这次服务打个分');
    expect(liu[1]!.text).toBe('[图片]');
    expect(inGroup(said).some((s) => s.media)).toBe(false);
  });

  it('a picture alone opens no ticket and gets no reply, in a group or privately', async () => {
    const { said, tickets } = await simulate([
      { setup: 'room', room: GROUP, community: '阳光花园', building: '3栋' },
      { setup: 'staff-room', room: STAFF },
      { setup: 'resident', name: '张阿姨', room: GROUP, unit: '3栋2单元1502' },
      { at: at('09:00'), room: GROUP, from: '张阿姨', kind: 'image' },
      { at: at('09:01'), from: '张阿姨', kind: 'image' },
      { at: at('09:02'), room: GROUP, from: '张阿姨', kind: 'voice' },
      { at: at('09:03'), room: GROUP, from: '张阿姨', kind: 'video' },
      { at: at('09:04'), from: '张阿姨', kind: 'file' },
      { at: at('09:30') },
    ]);
    expect(tickets).toEqual([]);
    expect(said).toEqual([]);
  });

  it('a voice note sent with the puppet\'s transcript keeps the words but opens nothing by itself', async () => {
    const { said, tickets } = await simulate([
      { setup: 'room', room: GROUP, community: '阳光花园', building: '3栋' },
      { setup: 'resident', name: '张阿姨', room: GROUP, unit: '3栋2单元1502' },
      { at: at('09:00'), room: GROUP, from: '张阿姨', kind: 'voice', text: '厨房水管漏水了' },
      { at: at('09:01'), room: GROUP, from: '张阿姨', text: '厨房水管漏水了，麻烦派人来看看' },
    ]);
    // the report that follows opens the ticket, and the voice note just before it belongs to it
    expect(tickets).toEqual([expect.objectContaining({ id: 1, media: 1 })]);
    expect(said).toHaveLength(1);
  });
});
