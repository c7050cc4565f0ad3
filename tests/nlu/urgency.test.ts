import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type GoldRow } from '../../src/nlu/evaluate.js';
import { decide, effectiveIntent, loadClassifier, type LoadedClassifier } from '../../src/nlu/index.js';
import { hasCalmContext } from '../../src/nlu/urgency.js';
import { compileLexicon } from '../../src/nlu/lexicon.js';
import { loadCorpus } from '../../src/nlu/corpus.js';
import { readAsMandarin } from '../../src/nlu/dialect.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let classifier: LoadedClassifier;
let cacheDir: string;
const classifierCache = () => cacheDir;
beforeAll(async () => {
  cacheDir = mkdtempSync(join(tmpdir(), 'linli-urgency-'));
  classifier = await loadClassifier({ cacheDir });
}, 120_000);

const level = (text: string) => classifier.classify(text).urgency;

describe('urgency told by its effects', () => {
  // none of these uses the words the danger lexicon knows (困, 着火, 爆管, 漏电…)
  it.each([
    '12号楼电梯停在两层中间 我和孩子在里面 按铃没人应',
    '楼道里全是烟 呛得睁不开眼 不知道哪家的',
    '出门就闻到一股臭鸡蛋的味道 整层楼都是 不敢开灯',
    '配电箱一直嗡嗡响 外壳烫得不敢碰 还有股焦味',
    '厨房的管子断了 水一直往外冒 关不住 已经流到插排那边了',
    '外墙有块铁皮只挂着一个角 风一吹就晃 下面是人行道',
    '路口的井盖被压翻了 剩个黑洞 晚上看不见',
    '有个小孩坐在窗台外面 脚悬在外边 家里好像没大人',
    '楼下那家的炉子烟顺着风道进我们屋了 我和孩子头晕',
  ])('%s', (text) => {
    expect(level(text)).not.toBe('none');
  });
});

// Kinds of wording the third blind round (2026-11-30) showed the corpus lacked; these sentences were written for the
// test, not taken from that set or from intents/.
describe('the kinds the third blind round found missing', () => {
  it.each([
    ['shut in, no 困', '货梯里关了个搬家师傅 门死活打不开 他在里面拍', 'repair'],
    ['shut in a room', '我们家老人被关在卫生间里了 门把手坏了 开不了', 'repair'],
    ['shut in, Cantonese', '𨋢門開唔到 我阿爸喺入面 好焗', 'repair'],
    ['shut in, Traditional', '樓梯間的門鎖死了 我在裡面出不去 手機快沒電', 'repair'],
    ['a humming hot meter box', '电表箱一直嗡嗡的 铁皮摸上去很烫', 'repair'],
    ['water reaching a light', '楼上的水顺着我家吸顶灯往下滴 灯还开着', 'repair'],
    ['water seen from afar', '我在外地 看家里摄像头 卫生间的水一直往外漫 能派人去关一下阀门吗', 'repair'],
    ['burning plastic', '车库一股烧塑料的焦臭 呛得人受不了', 'repair'],
    ['a struck gas pipe', '工地挖机把小区门口的燃气管挖破了 嘶嘶地漏', 'repair'],
    ['a tree about to fall', '路边那棵大树斜着压在围栏上 根都松了 随时要倒', 'repair'],
    ['things thrown now', '楼上有人拿酒瓶往下砸 砸在单元门口 现在还在砸', 'complaint'],
    ['things thrown now', '有人从十几楼往下扔凳子 下面小孩在玩', 'complaint'],
    ['a person collapsed', '健身房有个大哥举重的时候倒下了 喊他不应', 'none'],
    ['a child in water', '小区河边有个小朋友滑进水里了 在扑腾', 'none'],
    ['a child outside a window', '对面楼一个小孩翻到防盗窗外面坐着 家里没人', 'none'],
  ])('%s: %s is flagged, intent %s', (_kind, text, intent) => {
    const u = classifier.classify(text);
    expect(u.urgency).not.toBe('none');
    expect(effectiveIntent(u)).toBe(intent);
  });

  it.each([
    ['a rumour from another estate', '刷到消息说城北一个楼盘电梯冲顶了 好吓人', 'none'],
    ['the hometown', '老家那边发洪水了 亲戚家一楼进水了', 'none'],
    ['the stock market', '今天大盘跌得跟自由落体似的', 'none'],
    ['a drill', '周四下午燃气泄漏演练 到时候会有消防车 不用慌', 'none'],
    ['an apology, over now', '不好意思刚才是我家烧糊了锅 冒了点烟 已经没事了', 'none'],
    ['a safety slogan', '安全用电 从我做起 不要私拉乱接', 'none'],
    ['a worry and a question to the company', '总担心楼顶那些旧广告牌被风刮下来 物业多久检查一次', 'inquiry'],
  ])('%s stays calm: %s (intent %s)', (_kind, text, intent) => {
    const u = classifier.classify(text);
    expect(u.urgency).toBe('none');
    expect(effectiveIntent(u)).toBe(intent);
  });

  it('a calm word said only to deny it does not cancel the danger', () => {
    const sep = '\n- - - - - - - - - - - - - - -\n';
    expect(classifier.classify(`「是演习吧」${sep}不是演习 楼道里真的全是烟 快下楼`).urgent).toBe(true);
    expect(classifier.classify('这次不是演练 地库真的着火了').urgent).toBe(true);
    expect(classifier.classify('这次是演练 地库没有着火').urgent).toBe(false);
  });

  it('danger words said not to be there are no danger; the ones that are still count', () => {
    expect(level('我家电闸老跳 一开空调就跳 没冒烟也没味 就是烦')).toBe('none');
    expect(level('楼道里的烟感 每次有人做饭就响 没看到火 也没烟 就是烦')).toBe('none');
    expect(classifier.classify('配电箱没冒烟 但是一股焦糊味 越来越重').urgent).toBe(true);
    expect(classifier.classify('看不到火 但是楼道里全是烟 呛得睁不开眼').urgent).toBe(true);
  });

  it('a shared link is something forwarded, not a danger here', () => {
    expect(level('突发！某小区地下车库被淹 多辆车被泡 [链接]')).toBe('none');
    expect(level('分享个视频 电梯突然下坠的时候怎么自救 [链接]')).toBe('none');
  });
});

describe('calm contexts stay calm', () => {
  it.each([
    ['a drill', '周五上午消防演习，警报响了不要慌，按指引下楼'],
    ['a notice', '物业通知：明天燃气公司入户安检，家里请留人'],
    ['over now', '刚才冒烟的是楼下烧烤摊，火已经灭了，没事了'],
    ['hypothetical', '如果在电梯里出不来了，应该先按哪个按钮'],
    ['news from elsewhere', '新闻说外省有个小区煤气爆炸了，大家注意用气安全'],
    ['an idiom', '孩子的作业把我急得火冒三丈'],
    ['a joke', '这几天忙到脚不沾地，人都要冒烟了哈哈'],
    ['an advert', '专业燃气管道维修 水管爆裂抢修 24小时上门 电话13912345678'],
  ])('%s', (_kind, text) => {
    const u = classifier.classify(text);
    expect(u.urgency).toBe('none');
    expect(u.urgent).toBe(false);
  });
});

describe('calm words in the lexicon', () => {
  const calmList = compileLexicon(loadCorpus('intents').calmCues);
  const isCalm = (text: string) => hasCalmContext(calmList, readAsMandarin(text));

  it('advice ("千万别坐电梯") is a calm context in a safety guide, not once someone has called 119', () => {
    expect(isCalm('发现火情请第一时间拨打119 千万别坐电梯 用湿毛巾捂住口鼻')).toBe(true);
    expect(isCalm('楼道冒黑烟 已经打119了 楼上的走楼梯下来 千万别坐电梯')).toBe(false);
    expect(isCalm('地库着火了 报警了 大家千万不要下来开车')).toBe(false);
  });

  it('a resident taking back an alarm, or saying a fault can wait, is a calm context', () => {
    expect(isCalm('我刚说的煤气味搞错了 是楼下在熬中药 没事没事')).toBe(true);
    expect(isCalm('马桶水箱一直流水 止不住 不着急 师傅有空来看看就行')).toBe(true);
  });

  it('"if a fire really broke out" is a worry, not a fire; a fire reported as real is not calmed', () => {
    expect(isCalm('消防栓箱子里是空的 真着火了拿什么救')).toBe(true);
    expect(isCalm('楼道里堆满纸箱 真起火了全是燃料')).toBe(true);
    expect(isCalm('不是演习 真着火了 快下楼')).toBe(false);
  });
});

describe('Traditional input', () => {
  it('is judged like Simplified', () => {
    expect(classifier.classify('電梯停了 門打不開 我被關在裡面')).toMatchObject({ urgent: true, script: 'traditional' });
    expect(classifier.classify('樓道好大的煙 看不清路')).toMatchObject({ urgent: true, script: 'traditional' });
    expect(classifier.classify('明天上午消防演習 大家不用緊張')).toMatchObject({ urgency: 'none', script: 'traditional' });
  });
});

// Cantonese words for danger the eighteenth blind round (2026-12-01) found unread; the sentences are the test's own.
describe('danger in written Cantonese', () => {
  it.each([
    ['a drain backing up', '浴室地漏啲污水反湧上嚟 越嚟越多 已經流到房門口'],
    ['a burst pipe, a soaked floor', '廚房水喉爆喉 啲水不停咁噴 地板浸晒'],
    ['a tree down across the road', '打風吹冧咗平台棵大樹 壓住成條路 啲車過唔到'],
  ])('%s: %s is a repair and flagged', (_kind, text) => {
    const u = classifier.classify(text);
    expect(u.urgency).not.toBe('none');
    expect(effectiveIntent(u)).toBe('repair');
  });

  it('a fire at another estate yesterday stays calm', () => {
    const u = classifier.classify('尋日隔籬屋苑火燭 好彩冇人受傷');
    expect(u.urgency).toBe('none');
    expect(effectiveIntent(u)).toBe('none');
  });
});

describe('invisible characters and spaced-out letters', () => {
  // Since the thirteenth round a bare "煤气泄漏了" is a coin toss between a repair and chatter for the intent network
  // (forwarded gas-safety advice says the same words); it stays urgent either way, which opens the ticket.
  it.each(['电\u200b梯坏了，困\u200b人了', '煤\u200b气泄漏了'])('%j is read like the same words without them: urgent', (text) => {
    const u = classifier.classify(text);
    const clean = classifier.classify(text.replaceAll('\u200b', ''));
    expect(u.urgent).toBe(true);
    expect(u.normalized).toBe(clean.normalized);
    expect(effectiveIntent(u)).toBe(effectiveIntent(clean));
  });

  it('keeps a report with invisible characters a repair', () => {
    expect(effectiveIntent(classifier.classify('电\u200b梯坏了，困\u200b人了'))).toBe('repair');
    expect(effectiveIntent(classifier.classify('厨房煤\u200b气泄漏了'))).toBe('repair');
  });

  // A bare "着火了" names no fault of the building: the labelling rules allow `none` (a fire in someone's flat) as well
  // as `repair`. Either way it is urgent and acted on; the bot opens an urgent ticket for it (tickets/reports.ts).
  it.each(['着 火 了', '着\u200d火了', '着\ufeff火了'])('%j is urgent and acted on', (text) => {
    const u = classifier.classify(text);
    expect(u.urgent).toBe(true);
    expect(decide(u, { mentionsBot: false })).toBe('act');
    expect(['repair', 'none']).toContain(u.intent);
  });

  it('the lift and gas cases get their categories', () => {
    expect(classifier.classify('电\u200b梯坏了，困\u200b人了').category).toBe('lift');
    expect(classifier.classify('煤\u200b气泄漏了').category).toBe('gas');
  });
});

describe('the grey band', () => {
  it('a score between the two thresholds is "possibly": not urgent, but flagged', async () => {
    const text = '厨房的管子断了 水一直往外冒 关不住 已经流到插排那边了';
    const score = classifier.classify(text).urgencyScore;
    expect(score).toBeGreaterThan(0);
    // just above the score (above 1 when the network is certain): nothing this sure is urgent, and the message is grey
    const grey = await loadClassifier({ cacheDir: classifierCache(), urgency: { urgent: score + 0.01, possibly: score } });
    expect(grey.trainedNow).toBe(false);
    expect(grey.classify(text)).toMatchObject({ urgency: 'possibly', urgent: false });
    const strict = await loadClassifier({ cacheDir: classifierCache(), urgency: { urgent: score, possibly: score } });
    expect(strict.classify(text)).toMatchObject({ urgency: 'urgent', urgent: true });
  });

  it('possibly-urgent counts as a hit for recall and as a miss for precision', () => {
    const gold: GoldRow[] = [
      { id: 'a', text: '', intent: 'repair', urgent: true },
      { id: 'b', text: '', intent: 'repair', urgent: true },
      { id: 'c', text: '', intent: 'none', urgent: false },
      { id: 'd', text: '', intent: 'none', urgent: false },
    ];
    const r = evaluate(gold, [
      { id: 'a', intent: 'repair', urgent: true, urgency: 'urgent' },
      { id: 'b', intent: 'repair', urgent: false, urgency: 'possibly' },
      { id: 'c', intent: 'none', urgent: false, urgency: 'possibly' },
      { id: 'd', intent: 'none', urgent: false, urgency: 'none' },
    ]);
    expect(r.urgentRecall).toBe(1);
    expect(r.urgentPrecision).toBeCloseTo(1 / 3);
    expect(r.urgency.urgent).toEqual({ recall: 0.5, precision: 1, flagged: 1 });
    expect(r.urgency.alert).toEqual({ recall: 1, precision: 2 / 3, flagged: 3 });
    expect(r.urgency.possibly).toEqual({ flagged: 2, urgent: 1 });
    expect(r.urgentMisses).toEqual([]);
  });
});

describe('a floor under explicit requests', () => {
  it.each([
    '电梯不动了，我妈下不了楼，麻烦赶紧派人看看',
    '单元门的锁坏了 关不上 麻烦派个师傅来修一下',
    '楼道灯又不亮了 物业能不能安排人来换一下',
    '我家厨房下水堵住了 麻烦尽快来人疏通一下',
    '車庫的燈壞了好幾盞 麻煩派人來修',
  ])('%s is a repair', (text) => {
    const u = classifier.classify(text);
    expect(u.request).toBe(true);
    expect(effectiveIntent(u)).not.toBe('none');
  });

  it('a request that is not one stays what it is', () => {
    expect(classifier.classify('灯修好了 不用派人了 谢谢').request).toBe(false);
    expect(classifier.classify('专业疏通下水道 上门维修 马上派人 电话13912345678').intent).toBe('none');
  });

  it.each(['小区那只橘猫又胖了一圈', '今天好大的雾 对面楼都看不清了', '楼下的桂花开了 满院子都是香味', '我家鹦鹉今天学会说早上好了'])(
    'small talk with no fault is never a repair: %s',
    (text) => {
      expect(classifier.classify(text).intent).not.toBe('repair');
    },
  );
});
