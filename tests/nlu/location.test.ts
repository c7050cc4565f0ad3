import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLocationExtractor } from '../../src/nlu/location.js';
import { parseLexiconLines } from '../../src/nlu/lexicon.js';
import { defaultIntentsDir } from '../../src/nlu/index.js';
import { normalize } from '../../src/nlu/normalize.js';

const areas = parseLexiconLines(readFileSync(join(defaultIntentsDir(), 'locations', 'areas.txt'), 'utf8'));
const extractor = createLocationExtractor(areas);
const locate = (raw: string) => extractor.extract(normalize(raw).text);

describe('location extraction', () => {
  it.each([
    ['3栋2单元1502卫生间漏水', { building: '3栋', entrance: '2单元', room: '1502', text: '3栋2单元1502' }],
    ['5号楼电梯坏了', { building: '5号楼', text: '5号楼' }],
    ['B座大堂的门坏了', { building: 'B座', area: '大堂', text: 'B座大堂' }],
    ['地下车库B区的灯不亮', { area: '地下车库B区', text: '地下车库B区' }],
    ['电梯停在12楼不动了', { floor: '12楼', text: '12楼' }],
    ['东门的门禁坏了', { area: '东门', text: '东门' }],
    ['3-2-1502 下水道堵了', { building: '3栋', entrance: '2单元', room: '1502', text: '3栋2单元1502' }],
    ['3号楼1单元502室漏水', { building: '3号楼', entrance: '1单元', room: '502', text: '3号楼1单元502' }],
    ['3棟2單元的門壞了', { building: '3栋', entrance: '2单元', text: '3栋2单元' }],
    ['１２层走廊灯不亮', { floor: '12楼', text: '12楼' }],
  ])('%s', (text, expected) => {
    expect(locate(text)).toEqual(expected);
  });

  it('returns null when no place is named', () => {
    expect(locate('物业费怎么交')).toBeNull();
    expect(locate('明天早上8点停水')).toBeNull();
  });
});
