import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { evaluate, type GoldRow } from '../../src/nlu/evaluate.js';
import { effectiveIntent, toScript, type LoadedClassifier } from '../../src/nlu/index.js';
import { loadTestClassifier } from './helpers.js';

let classifier: LoadedClassifier;
beforeAll(async () => {
  classifier = await loadTestClassifier();
}, 120_000); // may wait for another test file training the model

const FIXTURES = 'tests/nlu/fixtures';

function rows(file: string): GoldRow[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as GoldRow);
}

function labelled(): GoldRow[] {
  const dir = 'intents/labelled';
  return readdirSync(dir).filter((f) => f.endsWith('.jsonl')).sort().flatMap((f) =>
    rows(`${dir}/${f}`).map((r, i) => ({ ...r, id: `${f}:${i + 1}` })),
  );
}

interface Floors {
  /** exactly this many rows, or at least `atLeast` */
  n?: number;
  atLeast?: number;
  f1: number;
  falseTickets: number;
  missed: number;
  recall: number;
  precision?: number;
}

function expectFloors(r: ReturnType<typeof score>, floors: Floors): void {
  if (floors.n !== undefined) expect(r.n).toBe(floors.n);
  if (floors.atLeast !== undefined) expect(r.n).toBeGreaterThanOrEqual(floors.atLeast);
  expect(r.macroF1).toBeGreaterThanOrEqual(floors.f1);
  expect(r.falseTicketRate).toBeLessThanOrEqual(floors.falseTickets);
  expect(r.missedRequestRate).toBeLessThanOrEqual(floors.missed);
  expect(r.urgentRecall).toBeGreaterThanOrEqual(floors.recall);
  if (floors.precision !== undefined) expect(r.urgentPrecision).toBeGreaterThanOrEqual(floors.precision);
}

function score(file: string | GoldRow[]) {
  const gold = typeof file === 'string' ? rows(file) : file;
  return evaluate(gold, gold.map((g) => {
    const u = classifier.classify(g.text);
    return { id: g.id, intent: effectiveIntent(u), urgent: u.urgent, urgency: u.urgency };
  }));
}

// Urgent recall and precision below count "possibly urgent" as a hit for recall and as a miss for precision.
// The check sets are regression floors: all were read after their first measurement, and several used for tuning.

describe('classification', () => {
  it('classifies Traditional input like Simplified', () => {
    const t = classifier.classify('請問停車月卡怎麼申請');
    expect(t).toMatchObject({ intent: 'inquiry', topic: 'parking', script: 'traditional' });
    expect(classifier.classify('樓道燈壞了')).toMatchObject({ intent: 'repair', category: 'power', script: 'traditional' });
  });

  it('answers FAQ topics (in Simplified; replies convert to the resident script)', () => {
    const simplified = classifier.faqAnswer('fees');
    expect(simplified).toContain('物业费');
    expect(toScript(simplified!, 'traditional')).toContain('物業費');
    expect(classifier.faqAnswer('no-such-topic')).toBeNull();
  });

  it('flags danger and not notices about it', () => {
    expect(classifier.classify('有人被困在电梯里了').urgent).toBe(true);
    expect(classifier.classify('厨房有很重的煤气味').urgent).toBe(true);
    expect(classifier.classify('明天上午消防演习，听到警报不要慌').urgent).toBe(false);
    expect(classifier.classify('明天停水大家记得储水').intent).toBe('none');
  });

  it('keeps a report with the resident\'s own phone number a report (only adverts with one are none)', () => {
    expect(classifier.classify('我家卫生间漏水了，电话13800138000，麻烦联系我').intent).toBe('repair');
    expect(classifier.classify('楼道灯坏了 有事打我 139 1234 5678').intent).toBe('repair');
    // with more numbers than words, the network alone took it for chatter (thirteenth round); judged without them
    expect(classifier.classify('我家卫生间漏水了，电话13800138000，或者打138-0013-8000，身份证11010519491231002X').intent).toBe('repair');
    // an ID number written in groups, as people type it, is contact detail all the same (fourteenth round)
    expect(classifier.classify('我家热水器坏了，身份证110101 19900307 1234').intent).toBe('repair');
    expect(classifier.classify('快递放门口了 电话13800138000').intent).toBe('none');
  });

  it('treats repair adverts with a phone number as none', () => {
    expect(classifier.classify('专业疏通马桶下水道，上门服务，电话13912340000').intent).toBe('none');
    // numbers written in groups count as contact numbers too
    expect(classifier.classify('管道疏通 随叫随到 价格实惠 电话 139 1234 5678').intent).toBe('none');
  });

  it('treats an advert that asks to be contacted privately as none, and never urgent', () => {
    const ad = classifier.classify('房屋漏水补漏 防水施工 价格实惠 有意者私聊');
    expect(ad).toMatchObject({ intent: 'none', urgency: 'none' });
    expect(classifier.classify('家庭财产保险推广 火灾水淹都能赔 一年只要一百 需要的私聊').urgency).toBe('none');
    // a resident asking staff to get in touch about a real fault is no advert, sales-sounding words or not
    expect(classifier.classify('卫生间天花板一直往下滴水 物业看到私聊我 约个时间上门看看').intent).toBe('repair');
  });

  it('does not let everyday words cancel or fake an emergency', () => {
    expect(classifier.classify('快来人 车棚那边着火了').urgent).toBe(true); // "火了" is not a calm context
    expect(classifier.classify('厨房的灶打不着火了').urgent).toBe(false);
    expect(classifier.classify('看新闻说有个小区电梯困人了，好吓人').urgent).toBe(false);
  });

  it('sends a danger report phrased as a question to a human', () => {
    expect(classifier.classify('水管爆了水一直喷 总阀在哪里关啊')).toMatchObject({ intent: 'repair', urgent: true });
  });

  it('gives a category for requests and a topic for inquiries', () => {
    expect(classifier.classify('电梯门关不上')).toMatchObject({ intent: 'repair', category: 'lift', topic: null });
    expect(classifier.classify('物业费怎么交')).toMatchObject({ intent: 'inquiry', topic: 'fees', category: null });
  });

  // The check sets in tests/nlu/fixtures/ are the project's own labelled messages, never trained on. Most were
  // studied after their first measurement, so their thresholds are regression floors — set a little under the figures
  // measured now, so a regression shows and noise does not — not claims about unseen accuracy. Any other labelled JSONL
  // file can be scored with `npm run eval -- FILE`. (In the thirteenth round the older check sets, heldout–heldout8 and
  // blind8–59, became training data in intents/labelled/, in the fourteenth blind60–66, in the fifteenth blind67–71
  // in the seventeenth blind72–82, and in the twenty-third the fourteen mostly English sets among blind92–197 (blind92,
  // 93, 97, 157, 166, 171, 175, 178, 179, 183, 184, 188, 192, 197); their history is in intents/README.md.)
  it('stays above the regression floors on all the held-out check sets together', () => {
    const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.jsonl')).sort();
    expect(files.length).toBeGreaterThanOrEqual(55);
    const all = files.flatMap((f) => rows(`${FIXTURES}/${f}`));
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length); // ids are unique across the files
    // No check-set message is also a training example: the figures below are about messages the model never saw.
    const trained = new Set(labelled().map((r) => r.text));
    expect(all.filter((r) => trained.has(r.text.trim()))).toEqual([]);
    // blind60–66 (2,046 messages) after the twelfth round: 0.917 / 9.1% / 3.6% / 0.968 / 0.884; with the older check
    // sets as training data (thirteenth round): 0.937 / 6.4% / 3.2% / 0.978 / 0.902; with blind67–69 (2,923 messages)
    // 0.937 / 6.4% / 3.4% / 0.983 / 0.898; with fewer passes (model.ts) 0.938 / 6.1% / 3.3% / 0.985 / 0.901; with
    // blind70–71 as well (3,504 messages) 0.937 / 6.2% / 3.6% / 0.981 / 0.905. In the fourteenth round blind60–66 became
    // training data and blind72–82 were added: blind67–82 (4,703 messages) 0.943 / 6.2% / 2.4% / 0.977 / 0.916. In the
    // fifteenth blind67–71 became training data and blind83–99 were added: blind72–99 (7,925 messages) 0.946 / 4.5% /
    // 2.8% / 0.970 / 0.903, the three English sets included (without them, 7,340: 0.954 / 4.2% / 2.5% / 0.981 / 0.908).
    // In the sixteenth blind100–111 were added: blind72–111 (11,434 messages) 0.953 / 3.7% / 2.6% / 0.970 / 0.919
    // (without the English sets, 10,849: 0.956 / 3.5% / 2.4% / 0.977 / 0.921). In the seventeenth blind72–82 became
    // training data: blind83–111 (8,189 messages) 0.954 / 3.5% / 2.8% / 0.968 / 0.915 before, 0.955 / 3.5% / 2.6% /
    // 0.971 / 0.912 after; with blind112–121 added, blind83–121 (11,084 messages) 0.955 / 3.4% / 2.5% / 0.976 / 0.911;
    // with trigrams 0.956 / 3.1% / 2.5% / 0.976 / 0.911; with blind122–124 (11,929) 0.956 / 3.0% / 2.5% / 0.976 / 0.911.
    // After the eighteenth, blind83–124 0.956 / 2.9% / 2.6% / 0.974 / 0.912; with blind125–137 (15,863) 0.955 / 3.0% /
    // 2.7% / 0.975 / 0.898. After the nineteenth, blind83–137 0.955 / 3.0% / 2.7% / 0.976 / 0.895; with blind138–149
    // (19,394) 0.957 / 2.9% / 2.5% / 0.979 / 0.897. After the twentieth, blind83–149 0.959 / 2.6% / 2.5% / 0.977 /
    // 0.908; with blind150–164 (23,671) 0.961 / 2.5% / 2.5% / 0.978 / 0.911. After the twenty-first, blind83–164 0.962 /
    // 2.5% / 2.3% / 0.987 / 0.903; with blind165–185 (29,663) 0.961 / 2.6% / 2.4% / 0.984 / 0.898. After the
    // twenty-second, blind83–185 0.961 / 2.6% / 2.3% / 0.983 / 0.899; with blind186–197 (33,036) 0.961 / 2.6% / 2.3% /
    // 0.984 / 0.897; with the English fault phrases 0.962 / 2.6% / 2.3% / 0.983 / 0.900; with blind198–201
    // (34,165) 0.962 / 2.6% / 2.3% / 0.983 / 0.900. After the twenty-third, blind83–201 0.963 / 2.5% / 2.2% / 0.982 /
    // 0.899; with blind202–209 (36,430) 0.963 / 2.4% / 2.2% / 0.982 / 0.899; without the fourteen English sets now
    // trained on (32,713) 0.965 / 2.1% / 2.1% / 0.987 / 0.906 before and 0.966 / 2.1% / 2.1% / 0.988 / 0.906 after;
    // with blind210–214 (34,124) 0.965 / 2.1% / 2.2% / 0.987 / 0.903; with the English training sets 0.967 / 2.2% /
    // 2.0% / 0.987 / 0.905; with blind215–217 (34,967) 0.967 / 2.2% / 2.0% / 0.987 / 0.905; after the last phrase
    // fixes ("is out", "quick fix") 0.966 / 2.2% / 2.0% / 0.988 / 0.900; with blind218–220 (35,818) 0.966 / 2.2% /
    // 2.0% / 0.988 / 0.901; with blind221–225 (37,239) 0.967 / 2.2% / 1.9% / 0.988 / 0.901. After the twenty-fourth
    // ("no water", "no power" read as 没水, 没电) 0.967 / 2.2% / 1.9% / 0.989 / 0.904; with blind226–230 (38,655)
    // 0.967 / 2.2% / 1.9% / 0.989 / 0.905.
    expectFloors(score(all), { atLeast: 38600, f1: 0.935, falseTickets: 0.05, missed: 0.04, recall: 0.955, precision: 0.88 });
  });

  // intents/labelled/ holds whole messages written from the labelling rules (the blind sets of the first five rounds
  // and, since the thirteenth, the older check sets among them): they are training data, so this is no claim about
  // unseen messages — only that the model still learns what it is taught (measured 0.994 / 0.3% / 0.6% / 1.000 / 0.993
  // on 10,343 messages after the seventh round; 0.992 / 0.7% / 0.3% / 0.999 / 0.985 on 29,902 after the thirteenth;
  // 0.990 / 1.2% / 0.3% / 0.999 / 0.987 on 32,658 after the fourteenth; 0.987 / 1.1% / 0.4% / 1.000 / 0.984 on
  // 38,547 after the fifteenth; 0.989 / 1.1% / 0.3% / 1.000 / 0.988 on 40,129 after the sixteenth; 0.991 / 0.8% /
  // 0.3% / 0.999 / 0.987 on 43,349 after the seventeenth, with trigrams; 0.991 / 0.8% / 0.3% / 1.000 / 0.986 on 44,079
  // after the eighteenth; 0.991 / 0.7% / 0.4% / 1.000 / 0.987 on 44,473 after the nineteenth; 0.991 / 0.8% / 0.2% /
  // 1.000 / 0.989 on 45,273 after the twentieth; 0.991 / 0.8% / 0.3% / 0.999 / 0.986 on 45,955 after the twenty-first;
  // 0.991 / 0.7% / 0.3% / 1.000 / 0.986 on 49,625 with the fourteen English check sets, 0.990 / 0.9% / 0.3% / 1.000 /
  // 0.987 on 51,042 with the English training sets, after the twenty-third).
  it('fits the labelled messages it is trained on', () => {
    expectFloors(score(labelled()), { atLeast: 44000, f1: 0.98, falseTickets: 0.015, missed: 0.015, recall: 0.99, precision: 0.97 });
  });

  /** A blind round's sets, each with its floors: file, rows, macro-F1 ≥, false tickets ≤, missed ≤, urgent recall ≥, urgent precision ≥. */
  type SetFloors = [file: string, n: number, f1: number, falseTickets: number, missed: number, recall: number, precision: number];
  function staysAboveItsFloors(round: string, sets: SetFloors[]): void {
    it.each(sets)(`stays above its floors on the ${round} blind round: %s`, (file, n, f1, falseTickets, missed, recall, precision) => {
      expectFloors(score(`${FIXTURES}/${file}`), { n, f1, falseTickets, missed, recall, precision });
    });
  }

  // In the comments: after the sixteenth round (the seventeenth round's own sets: after the seventeenth, c18aabd) and, in
  // brackets, when the round below was finished or first scored; "seventeenth" to "twentieth" mark the figure after
  // that round where a floor moved.

  // The fifteenth round (2026-12-01): three more writers wrote blind83–85 from the rules alone; they were scored on
  // main before the round (e7cf332, in brackets: the first look in intents/README.md), then read and used to choose
  // the round's changes. Stock rows that are also training rows taken out, 6–14 a set.
  const FIFTEENTH_ROUND: SetFloors[] = [
    ['blind83-2026-12-01.jsonl', 286, 0.97, 0.045, 0.015, 0.97, 0.93], // 0.987 / 2.9% / 0.0% / 1.000 / 0.945 (0.982 / 2.9% / 0.0% / 0.986 / 0.958)
    ['blind84-2026-12-01.jsonl', 292, 0.905, 0.055, 0.09, 0.91, 0.735], // 0.917 / 3.8% / 6.4% / 0.950 / 0.795 (0.933 / 3.8% / 5.5% / 0.925 / 0.841); nineteenth 0.929 / 3.1% / 6.4% / 0.925 / 0.878
    ['blind85-2026-12-01.jsonl', 294, 0.95, 0.03, 0.065, 0.96, 0.895], // 0.977 / 1.2% / 3.3% / 1.000 / 0.952 (0.980 / 2.4% / 2.6% / 0.983 / 0.921)
  ];
  staysAboveItsFloors('fifteenth', FIFTEENTH_ROUND);

  // Written at the start of the fifteenth round (blind86–88) and after its Chinese model was fixed (blind89–91), kept
  // unread and scored once on that model (89e5ace, in brackets); then read, and English was taken up.
  const FIFTEENTH_ROUND_SEALED: SetFloors[] = [
    ['blind86-2026-12-01.jsonl', 292, 0.93, 0.04, 0.055, 0.94, 0.85], // 0.941 / 2.4% / 3.1% / 0.967 / 0.892 (0.940 / 1.2% / 4.4% / 0.956 / 0.872); twentieth 0.936 / 1.2% / 2.5% / 0.956 / 0.923
    ['blind87-2026-12-01.jsonl', 295, 0.89, 0.085, 0.065, 0.97, 0.845], // 0.908 / 6.6% / 5.9% / 1.000 / 0.909 (0.917 / 6.6% / 4.0% / 1.000 / 0.909); seventeenth 0.918 / 6.6% / 4.0% / 1.000 / 0.889
    ['blind88-2026-12-01.jsonl', 291, 0.97, 0.015, 0.025, 0.935, 0.855], // 0.989 / 0.0% / 0.6% / 0.971 / 0.918 (0.981 / 1.2% / 1.9% / 0.971 / 0.882)
    ['blind89-2026-12-01.jsonl', 292, 0.95, 0.045, 0.035, 0.965, 0.89], // 0.973 / 2.7% / 1.9% / 0.975 / 0.940 (0.973 / 2.7% / 1.2% / 0.975 / 0.940)
    ['blind90-2026-12-01.jsonl', 294, 0.92, 0.085, 0.04, 0.955, 0.805], // 0.951 / 5.0% / 1.6% / 0.975 / 0.830 (0.937 / 5.9% / 2.5% / 0.975 / 0.809)
    ['blind91-2026-12-01.jsonl', 292, 0.935, 0.085, 0.035, 0.95, 0.905], // 0.953 / 6.7% / 2.7% / 0.986 / 0.958 (0.956 / 5.6% / 2.7% / 0.986 / 0.919)
  ];
  staysAboveItsFloors('fifteenth round sealed', FIFTEENTH_ROUND_SEALED);

  // Written after the fifteenth round's first delivered model was fixed (cafa7d9), and scored once on it (in brackets);
  // blind93 (English) was written with blind92 and kept unread until then.
  const FIFTEENTH_ROUND_AFTER: SetFloors[] = [
    ['blind94-2026-12-01.jsonl', 294, 0.93, 0.045, 0.035, 0.955, 0.9], // 0.943 / 2.6% / 1.9% / 0.988 / 0.928 (0.947 / 2.6% / 1.9% / 0.975 / 0.905); eighteenth 0.959 / 2.6% / 1.2% / 0.963 / 0.926
    ['blind95-2026-12-01.jsonl', 293, 0.905, 0.04, 0.11, 0.955, 0.675], // 0.939 / 2.5% / 7.1% / 0.975 / 0.796 (0.914 / 5.1% / 7.1% / 0.975 / 0.765); twenty-first 0.924 / 3.2% / 9.1% / 1.000 / 0.717
    ['blind96-2026-12-01.jsonl', 291, 0.955, 0.03, 0.025, 0.97, 0.96], // 0.979 / 1.4% / 0.6% / 1.000 / 0.986 (0.978 / 1.4% / 0.6% / 1.000 / 0.986)
  ];
  staysAboveItsFloors('fifteenth round, after', FIFTEENTH_ROUND_AFTER);

  // Written while the fifteenth round's last training data was chosen, kept unread, and scored once on the delivered
  // model (ed6ad6a); in brackets main before the round.
  const FIFTEENTH_ROUND_LAST: SetFloors[] = [
    ['blind98-2026-12-01.jsonl', 296, 0.9, 0.07, 0.09, 0.97, 0.835], // 0.929 / 5.3% / 7.4% / 1.000 / 0.905 (e7cf332: 0.926 / 4.6% / 6.4% / 1.000 / 0.844)
    ['blind99-2026-12-01.jsonl', 293, 0.94, 0.08, 0.04, 0.96, 0.875], // 0.959 / 6.5% / 2.5% / 0.975 / 0.914 (e7cf332: 0.953 / 7.8% / 1.8% / 0.963 / 0.902); seventeenth 0.972 / 5.2% / 1.8% / 1.000 / 0.884; twenty-third 0.965 / 5.2% / 2.5% / 0.963 / 0.963
  ];
  staysAboveItsFloors('fifteenth round, last', FIFTEENTH_ROUND_LAST);

  // The sixteenth round (2026-12-01): three more writers wrote blind100–102 from the rules alone; scored on main before
  // the round (d906af3, in brackets: the first look in intents/README.md), then read. Rows that are training texts
  // taken out, 3–10 a set.
  const SIXTEENTH_ROUND: SetFloors[] = [
    ['blind100-2026-12-01.jsonl', 291, 0.97, 0.035, 0.015, 0.98, 0.95], // 0.989 / 1.6% / 0.0% / 1.000 / 0.979 (0.997 / 0.8% / 0.0% / 1.000 / 0.979)
    ['blind101-2026-12-01.jsonl', 297, 0.95, 0.07, 0.05, 0.96, 0.96], // 0.971 / 3.9% / 2.5% / 0.980 / 0.980 (0.967 / 2.6% / 3.7% / 0.980 / 0.980); twenty-first 0.964 / 5.3% / 4.3% / 1.000 / 0.970
    ['blind102-2026-12-01.jsonl', 290, 0.925, 0.04, 0.085, 0.95, 0.815], // 0.946 / 2.3% / 3.8% / 0.971 / 0.892 (0.942 / 2.3% / 2.9% / 0.971 / 0.846); seventeenth 0.953 / 3.0% / 3.8% / 0.971 / 0.842; eighteenth 0.943 / 2.3% / 5.7% / 0.971 / 0.865; twenty-first 0.947 / 2.3% / 6.7% / 0.971 / 0.868
  ];
  staysAboveItsFloors('sixteenth', SIXTEENTH_ROUND);

  // Written at the start of the sixteenth round, kept unread, and scored once when its first model was fixed (1b64ed5,
  // in brackets); then read.
  const SIXTEENTH_ROUND_SEALED: SetFloors[] = [
    ['blind103-2026-12-01.jsonl', 295, 0.905, 0.035, 0.095, 0.98, 0.93], // 0.934 / 2.3% / 4.4% / 0.984 / 0.969 (0.927 / 1.6% / 7.9% / 1.000 / 0.969); seventeenth 0.940 / 3.1% / 3.5% / 1.000 / 0.954
    ['blind104-2026-12-01.jsonl', 291, 0.91, 0.04, 0.06, 0.955, 0.84], // 0.939 / 3.6% / 3.5% / 0.979 / 0.900 (0.933 / 2.2% / 4.4% / 0.979 / 0.865)
    ['blind105-2026-12-01.jsonl', 291, 0.95, 0.035, 0.045, 0.94, 0.835], // 0.975 / 1.6% / 0.9% / 0.963 / 0.862 (0.974 / 1.6% / 0.9% / 0.963 / 0.879); seventeenth 0.979 / 1.6% / 1.8% / 0.963 / 0.864; twenty-first 0.975 / 0.8% / 2.7% / 0.963 / 0.897
  ];
  staysAboveItsFloors('sixteenth round sealed', SIXTEENTH_ROUND_SEALED);

  // Written after that model, kept unread while the round's last training data was chosen, and scored once on the
  // delivered model (1ac9b10); main before the round (d906af3) had 0.968 / 1.5% / 0.0% / 1.000 / 0.885, 0.970 / 1.6% /
  // 0.9% / 1.000 / 0.955 and 0.983 / 1.6% / 0.9% / 1.000 / 0.927 on them.
  const SIXTEENTH_ROUND_LAST: SetFloors[] = [
    ['blind106-2026-12-01.jsonl', 293, 0.95, 0.03, 0.015, 0.98, 0.895], // 0.972 / 1.5% / 0.0% / 1.000 / 0.920
    ['blind107-2026-12-01.jsonl', 293, 0.95, 0.035, 0.025, 0.98, 0.95], // 0.974 / 1.6% / 0.9% / 1.000 / 1.000; with the English sets trained on 0.967 / 2.4% / 0.9% / 1.000 / 0.955
    ['blind108-2026-12-01.jsonl', 292, 0.95, 0.04, 0.025, 0.98, 0.935], // 0.973 / 2.3% / 0.9% / 1.000 / 0.964
  ];
  staysAboveItsFloors('sixteenth round, last', SIXTEENTH_ROUND_LAST);

  // Written after the delivered model was fixed (1ac9b10), and scored once on it; in brackets main before the round.
  const SIXTEENTH_ROUND_AFTER: SetFloors[] = [
    ['blind109-2026-12-01.jsonl', 297, 0.92, 0.07, 0.065, 0.86, 0.755], // 0.943 / 5.4% / 4.9% / 0.884 / 0.814 (d906af3: 0.942 / 6.0% / 3.9% / 0.884 / 0.814); with the English training sets 0.947 / 4.7% / 3.9% / 0.930 / 0.756
    ['blind110-2026-12-01.jsonl', 298, 0.905, 0.08, 0.045, 0.915, 0.8], // 0.930 / 6.2% / 2.6% / 0.938 / 0.829 (d906af3: 0.921 / 7.0% / 3.4% / 0.938 / 0.817)
    ['blind111-2026-12-01.jsonl', 281, 0.97, 0.015, 0.03, 0.98, 0.965], // 0.991 / 0.0% / 1.1% / 1.000 / 1.000 (d906af3: 0.983 / 0.0% / 1.1% / 1.000 / 1.000); eighteenth 0.991 / 0.0% / 1.1% / 1.000 / 0.968
  ];
  staysAboveItsFloors('sixteenth round, after', SIXTEENTH_ROUND_AFTER);

  // The seventeenth round (2026-12-01): three more writers wrote blind112–114 from the rules alone; they were scored on
  // main before the round (a0939f4, in brackets: the first look in intents/README.md), then read and used to choose
  // the round's changes. Rows that are also training rows taken out, 5–16 a set, in all of this round's sets.
  const SEVENTEENTH_ROUND: SetFloors[] = [
    ['blind112-2026-12-01.jsonl', 293, 0.93, 0.055, 0.065, 0.94, 0.795], // 0.939 / 3.4% / 5.0% / 0.978 / 0.843 (0.937 / 5.1% / 4.2% / 0.978 / 0.860); eighteenth 0.934 / 4.3% / 5.8% / 0.978 / 0.860; nineteenth 0.945 / 3.4% / 5.0% / 0.956 / 0.860
    ['blind113-2026-12-01.jsonl', 295, 0.905, 0.08, 0.05, 0.985, 0.735], // 0.922 / 6.1% / 4.0% / 1.000 / 0.782 (0.929 / 6.1% / 2.4% / 1.000 / 0.745)
    ['blind114-2026-12-01.jsonl', 284, 0.96, 0.045, 0.02, 0.985, 0.93], // 0.976 / 2.7% / 0.0% / 1.000 / 0.978 (0.971 / 4.5% / 0.0% / 1.000 / 0.957)
  ];
  staysAboveItsFloors('seventeenth', SEVENTEENTH_ROUND);

  // Written at the start of the seventeenth round, kept unread until its training data was chosen, and scored once on
  // that model (4ecc88d, in brackets).
  const SEVENTEENTH_ROUND_SEALED: SetFloors[] = [
    ['blind115-2026-12-01.jsonl', 293, 0.93, 0.035, 0.02, 0.965, 0.79], // 0.953 / 0.9% / 0.9% / 0.978 / 0.898 (0.954 / 1.7% / 0.0% / 0.978 / 0.863); twentieth 0.940 / 1.7% / 0.9% / 0.978 / 0.830
    ['blind116-2026-12-01.jsonl', 290, 0.905, 0.065, 0.09, 0.985, 0.955], // 0.930 / 3.7% / 5.5% / 1.000 / 1.000 (0.928 / 4.6% / 7.1% / 1.000 / 0.978)
    ['blind117-2026-12-01.jsonl', 288, 0.935, 0.045, 0.03, 0.985, 0.87], // 0.961 / 2.6% / 0.0% / 1.000 / 0.918 (0.957 / 2.6% / 0.8% / 1.000 / 0.900)
    ['blind118-2026-12-01.jsonl', 283, 0.97, 0.025, 0.02, 0.985, 0.76], // 0.993 / 0.7% / 0.0% / 1.000 / 0.929 (0.993 / 0.7% / 0.0% / 1.000 / 0.867); eighteenth 0.993 / 0.7% / 0.0% / 1.000 / 0.867; nineteenth 0.996 / 0.0% / 0.0% / 1.000 / 0.812; with the English sets trained on 0.996 / 0.0% / 0.0% / 1.000 / 0.765
  ];
  staysAboveItsFloors('seventeenth round sealed', SEVENTEENTH_ROUND_SEALED);

  // Written while the seventeenth round went on, kept unread, and scored once on the model before trigrams (a8b80e5);
  // in brackets main before the round (a0939f4).
  const SEVENTEENTH_ROUND_LAST: SetFloors[] = [
    ['blind119-2026-12-01.jsonl', 293, 0.925, 0.07, 0.06, 0.985, 0.8], // 0.951 / 3.5% / 2.5% / 1.000 / 0.849 (0.935 / 4.4% / 3.3% / 1.000 / 0.849)
    ['blind120-2026-12-01.jsonl', 293, 0.93, 0.055, 0.045, 0.965, 0.93], // 0.957 / 2.7% / 2.3% / 0.978 / 0.978 (0.949 / 3.6% / 3.1% / 0.978 / 0.978)
    ['blind121-2026-12-01.jsonl', 283, 0.955, 0.04, 0.025, 0.985, 0.9], // 0.980 / 1.9% / 0.7% / 1.000 / 0.958 (0.980 / 1.0% / 0.7% / 1.000 / 0.939); eighteenth 0.976 / 1.9% / 0.7% / 1.000 / 0.902
  ];
  staysAboveItsFloors('seventeenth round, last', SEVENTEENTH_ROUND_LAST);

  // Written after trigrams were taken up, kept unread, and scored once on the model delivered at the end of the
  // seventeenth round (c18aabd); in brackets main before the round.
  const SEVENTEENTH_ROUND_TRIGRAMS: SetFloors[] = [
    ['blind122-2026-12-01.jsonl', 292, 0.905, 0.035, 0.08, 0.915, 0.78], // 0.929 / 1.8% / 6.0% / 0.957 / 0.860 (a0939f4: 0.934 / 3.5% / 6.8% / 0.935 / 0.860); twentieth 0.963 / 0.9% / 3.4% / 0.935 / 0.860; twenty-fourth 0.953 / 0.9% / 5.1% / 0.957 / 0.784
    ['blind123-2026-12-01.jsonl', 279, 0.94, 0.05, 0.02, 0.985, 0.93], // 0.962 / 2.9% / 0.0% / 1.000 / 0.978 (a0939f4: 0.972 / 2.0% / 0.0% / 1.000 / 0.957)
    ['blind124-2026-12-01.jsonl', 274, 0.965, 0.02, 0.03, 0.985, 0.82], // 0.989 / 0.0% / 1.0% / 1.000 / 0.867 (a0939f4: 0.983 / 0.0% / 2.9% / 1.000 / 0.929)
  ];
  staysAboveItsFloors('seventeenth round, trigrams', SEVENTEENTH_ROUND_TRIGRAMS);

  // The eighteenth round (2026-12-01): written from the rules alone, rows that are also training rows taken out (4–13 a
  // set). Figures after the round (3417ccf); in brackets main before the round (073e3ad). blind125–127 were scored on
  // 073e3ad before any change (the first look in intents/README.md), then read.
  const EIGHTEENTH_ROUND: SetFloors[] = [
    ['blind125-2026-12-01.jsonl', 297, 0.925, 0.04, 0.06, 0.945, 0.86], // 0.947 / 2.2% / 4.3% / 0.980 / 0.904 (0.950 / 2.2% / 2.8% / 1.000 / 0.873); nineteenth 0.948 / 2.2% / 4.3% / 0.961 / 0.923
    ['blind126-2026-12-01.jsonl', 298, 0.92, 0.05, 0.015, 0.985, 0.835], // 0.944 / 3.2% / 0.0% / 1.000 / 0.875 (0.948 / 3.2% / 0.7% / 1.000 / 0.925)
    ['blind127-2026-12-01.jsonl', 308, 0.915, 0.055, 0.075, 0.94, 0.81], // 0.940 / 3.9% / 5.7% / 0.959 / 0.855 (0.928 / 4.9% / 5.7% / 0.898 / 0.827)
  ];
  staysAboveItsFloors('eighteenth', EIGHTEENTH_ROUND);

  // Written at the start of the eighteenth round and kept unread until the Cantonese work was done; scored once on that
  // model (890c592), which they then helped to turn down in favour of the delivered one.
  const EIGHTEENTH_ROUND_SEALED: SetFloors[] = [
    ['blind128-2026-12-01.jsonl', 304, 0.93, 0.035, 0.03, 0.985, 0.88], // 0.954 / 2.0% / 1.4% / 1.000 / 0.925 (0.953 / 3.0% / 0.7% / 1.000 / 0.857)
    ['blind129-2026-12-01.jsonl', 291, 0.94, 0.06, 0.03, 0.965, 0.795], // 0.963 / 4.3% / 1.5% / 0.981 / 0.836 (0.965 / 4.3% / 0.0% / 1.000 / 0.810)
    ['blind130-2026-12-01.jsonl', 321, 0.95, 0.055, 0.03, 0.965, 0.72], // 0.971 / 3.7% / 1.4% / 1.000 / 0.762 (0.971 / 3.7% / 1.4% / 1.000 / 0.790); nineteenth 0.968 / 3.7% / 2.0% / 0.980 / 0.762
    ['blind132-2026-12-01.jsonl', 302, 0.93, 0.06, 0.045, 0.965, 0.79], // 0.950 / 2.9% / 2.9% / 0.980 / 0.831 (0.954 / 3.9% / 2.2% / 0.980 / 0.750); with the English training sets 0.948 / 5.8% / 1.5% / 0.980 / 0.860
  ];
  staysAboveItsFloors('eighteenth round sealed', EIGHTEENTH_ROUND_SEALED);

  // Cantonese sets used to choose among the round's Cantonese changes (blind131 read; blind133–134 scored on each candidate).
  const EIGHTEENTH_ROUND_CANTONESE: SetFloors[] = [
    ['blind131-2026-12-01.jsonl', 297, 0.92, 0.04, 0.08, 0.92, 0.78], // 0.945 / 2.1% / 6.5% / 0.939 / 0.821 (0.936 / 3.2% / 6.5% / 0.939 / 0.821)
    ['blind133-2026-12-01.jsonl', 302, 0.905, 0.08, 0.09, 0.965, 0.79], // 0.925 / 6.3% / 7.1% / 0.981 / 0.881 (0.927 / 6.3% / 7.1% / 0.981 / 0.847); nineteenth 0.930 / 6.3% / 7.1% / 1.000 / 0.836
    ['blind134-2026-12-01.jsonl', 316, 0.935, 0.05, 0.03, 0.96, 0.825], // 0.955 / 3.0% / 1.4% / 0.979 / 0.865 (0.954 / 3.0% / 1.4% / 1.000 / 0.836)
  ];
  staysAboveItsFloors('eighteenth round, Cantonese', EIGHTEENTH_ROUND_CANTONESE);

  // Written after everything else of the round was chosen, kept unread, and scored once on the delivered model.
  const EIGHTEENTH_ROUND_LAST: SetFloors[] = [
    ['blind135-2026-12-01.jsonl', 287, 0.965, 0.04, 0.03, 0.985, 0.88], // 0.986 / 2.2% / 1.5% / 1.000 / 0.923 (0.986 / 2.2% / 1.5% / 1.000 / 0.906)
    ['blind136-2026-12-01.jsonl', 305, 0.92, 0.06, 0.06, 0.965, 0.78], // 0.940 / 4.0% / 4.3% / 0.981 / 0.836 (0.937 / 4.0% / 4.3% / 0.981 / 0.867); with the English training sets 0.928 / 5.9% / 2.8% / 0.981 / 0.812; after the last phrase fixes 0.928 / 5.9% / 2.8% / 0.981 / 0.785
    ['blind137-2026-12-01.jsonl', 306, 0.93, 0.075, 0.045, 0.905, 0.775], // 0.954 / 6.0% / 2.8% / 0.920 / 0.818 (0.953 / 5.0% / 2.1% / 0.960 / 0.810)
  ];
  staysAboveItsFloors('eighteenth round, last', EIGHTEENTH_ROUND_LAST);

  // The nineteenth round (2026-12-01). blind138–140 (Xi'an/Lanzhou, Xiamen/Fuzhou in typhoon season, Taichung/Tainan in
  // Traditional) were scored on main before the round (764422f, in brackets: the first look in intents/README.md), then
  // read. Figures after the round.
  const NINETEENTH_ROUND: SetFloors[] = [
    ['blind138-2026-12-01.jsonl', 295, 0.945, 0.06, 0.015, 0.985, 0.905], // 0.986 / 1.1% / 0.0% / 1.000 / 0.946 (0.970 / 4.2% / 0.0% / 1.000 / 0.946)
    ['blind139-2026-12-01.jsonl', 293, 0.94, 0.05, 0.03, 0.985, 0.885], // 0.968 / 2.2% / 2.1% / 1.000 / 0.927 (0.952 / 5.6% / 2.1% / 1.000 / 0.927)
    ['blind140-2026-12-01.jsonl', 295, 0.96, 0.03, 0.03, 0.985, 0.88], // 0.980 / 1.1% / 2.1% / 1.000 / 0.923 (0.981 / 1.1% / 1.4% / 1.000 / 0.941)
  ];
  staysAboveItsFloors('nineteenth', NINETEENTH_ROUND);

  // Written at the start of the nineteenth round (Chongqing, Hangzhou/Suzhou, Sanya/Haikou and Qingdao/Dalian), kept
  // unread and scored once on the round's model before the praise data (e738f72: 0.965 / 1.5% / 0.9% / 0.987 / 0.920
  // for the three), then read; figures after the round, in brackets main before the round (764422f).
  const NINETEENTH_ROUND_SEALED: SetFloors[] = [
    ['blind141-2026-12-01.jsonl', 294, 0.925, 0.05, 0.055, 0.965, 0.82], // 0.945 / 3.4% / 3.5% / 0.981 / 0.850 (0.951 / 3.4% / 3.5% / 0.981 / 0.895)
    ['blind142-2026-12-01.jsonl', 293, 0.94, 0.015, 0.03, 0.965, 0.9], // 0.968 / 0.0% / 0.7% / 0.980 / 0.942 (0.967 / 0.0% / 0.7% / 0.980 / 0.961)
    ['blind143-2026-12-01.jsonl', 292, 0.96, 0.03, 0.025, 0.98, 0.92], // 0.981 / 2.1% / 0.0% / 1.000 / 0.923 (0.977 / 2.1% / 0.7% / 1.000 / 0.961); after the last phrase fixes 0.981 / 2.1% / 0.0% / 0.980 / 0.980
  ];
  staysAboveItsFloors('nineteenth round sealed', NINETEENTH_ROUND_SEALED);

  // Written in the middle of the nineteenth round, after the round's model was fixed (Nanning/Liuzhou, Shijiazhuang/
  // Taiyuan, a Shenzhen serviced-apartment tower), kept unread and scored once on it (e738f72, in brackets), then read;
  // figures after the round.
  const NINETEENTH_ROUND_SECOND_SEALED: SetFloors[] = [
    ['blind144-2026-12-01.jsonl', 295, 0.96, 0.04, 0.025, 0.96, 0.865], // 0.980 / 2.1% / 0.7% / 0.980 / 0.906 (0.988 / 3.2% / 0.0% / 0.980 / 0.941)
    ['blind145-2026-12-01.jsonl', 296, 0.91, 0.06, 0.055, 0.96, 0.78], // 0.934 / 4.4% / 3.6% / 0.980 / 0.839 (0.924 / 6.7% / 2.9% / 0.980 / 0.783); twenty-third 0.933 / 3.3% / 4.3% / 0.960 / 0.810; twenty-fourth 0.937 / 4.4% / 3.6% / 0.980 / 0.783
    ['blind146-2026-12-01.jsonl', 292, 0.95, 0.05, 0.03, 0.965, 0.9], // 0.974 / 3.4% / 1.4% / 0.980 / 0.942 (0.966 / 4.5% / 1.4% / 0.980 / 0.942)
  ];
  staysAboveItsFloors('nineteenth round, second sealed', NINETEENTH_ROUND_SECOND_SEALED);

  // Written before the round's last change (the praise data) was chosen, kept unread and scored once on the delivered
  // model (Kunming/Guiyang, Ningbo/Wenzhou, Nanchang/Jiujiang); in brackets main before the round (764422f).
  const NINETEENTH_ROUND_LAST: SetFloors[] = [
    ['blind147-2026-12-01.jsonl', 295, 0.93, 0.04, 0.045, 0.965, 0.805], // 0.954 / 2.2% / 2.9% / 1.000 / 0.847 (0.947 / 3.2% / 3.6% / 1.000 / 0.847); twentieth 0.956 / 2.2% / 2.1% / 0.980 / 0.877
    ['blind148-2026-12-01.jsonl', 296, 0.94, 0.04, 0.055, 0.985, 0.85], // 0.964 / 2.1% / 3.6% / 1.000 / 0.943 (0.965 / 3.2% / 3.6% / 1.000 / 0.926); twenty-first 0.976 / 2.1% / 0.7% / 1.000 / 0.893
    ['blind149-2026-12-01.jsonl', 295, 0.92, 0.05, 0.04, 0.985, 0.85], // 0.942 / 3.2% / 2.2% / 1.000 / 0.895 (0.952 / 2.1% / 2.2% / 1.000 / 0.895)
  ];
  staysAboveItsFloors('nineteenth round, last', NINETEENTH_ROUND_LAST);

  // The twentieth round (Tianjin/Tangshan heating season, a Macau and Zhuhai estate in written Cantonese, a Hohhot/
  // Yinchuan estate just handed over): scored on main before the round (759a176, in brackets: the first look in
  // intents/README.md), then read and used to choose the round's changes; figures after the round.
  const TWENTIETH_ROUND: SetFloors[] = [
    ['blind150-2026-12-01.jsonl', 285, 0.95, 0.015, 0.045, 0.985, 0.92], // 0.972 / 0.0% / 2.9% / 1.000 / 0.962 (0.972 / 0.0% / 2.9% / 1.000 / 0.962)
    ['blind151-2026-12-01.jsonl', 285, 0.95, 0.03, 0.055, 0.965, 0.9], // 0.975 / 1.2% / 3.6% / 0.980 / 0.942 (0.938 / 1.2% / 11.4% / 1.000 / 0.942)
    ['blind152-2026-12-01.jsonl', 283, 0.96, 0.015, 0.04, 0.985, 0.85], // 0.983 / 0.0% / 2.1% / 1.000 / 0.962 (0.985 / 0.0% / 2.9% / 1.000 / 0.909); twenty-first 0.994 / 0.0% / 0.7% / 1.000 / 0.893
  ];
  staysAboveItsFloors('twentieth', TWENTIETH_ROUND);

  // Written at the start of the twentieth round (Changzhou/Wuxi retirees, Hsinchu/Taoyuan tech-park towers, Shantou/
  // Chaozhou and Yantai/Weihai by the sea), kept unread and scored once on the round's model before the Cantonese data
  // (792a8a2), then read; figures after the round, then on 792a8a2 and on main before the round (759a176).
  const TWENTIETH_ROUND_SEALED: SetFloors[] = [
    ['blind153-2026-12-01.jsonl', 285, 0.95, 0.03, 0.03, 0.985, 0.865], // 0.974 / 1.2% / 1.4% / 1.000 / 0.909 (792a8a2: 0.974 / 1.2% / 1.4% / 1.000 / 0.862; 759a176: 0.974 / 1.2% / 1.4% / 1.000 / 0.909)
    ['blind154-2026-12-01.jsonl', 287, 0.945, 0.05, 0.04, 0.985, 0.9], // 0.970 / 3.4% / 2.1% / 1.000 / 0.943 (792a8a2: 0.966 / 2.3% / 2.9% / 1.000 / 0.909; 759a176: 0.966 / 2.3% / 2.9% / 1.000 / 0.925)
    ['blind155-2026-12-01.jsonl', 280, 0.965, 0.03, 0.015, 0.985, 0.885], // 0.986 / 1.2% / 0.0% / 1.000 / 0.926 (792a8a2: 0.986 / 1.2% / 0.0% / 1.000 / 0.926; 759a176: 0.986 / 1.2% / 0.0% / 1.000 / 0.926)
  ];
  staysAboveItsFloors('twentieth round sealed', TWENTIETH_ROUND_SEALED);

  // Written once 792a8a2 was fixed (a Hong Kong estate in written Cantonese, an international estate in Suzhou and
  // Pudong writing mostly English, Guangzhou towers by an urban village, Shenyang/Anshan in winter, Quanzhou/Putian,
  // Beijing Tongzhou/Yanjiao), kept unread and scored once on it, then read; their Cantonese misses led to the Cantonese
  // data. Figures as above.
  const TWENTIETH_ROUND_SECOND_SEALED: SetFloors[] = [
    ['blind156-2026-12-01.jsonl', 285, 0.93, 0.03, 0.075, 0.96, 0.845], // 0.955 / 1.2% / 5.7% / 0.980 / 0.887 (792a8a2: 0.943 / 1.2% / 7.1% / 0.980 / 0.873; 759a176: 0.940 / 1.2% / 7.9% / 0.980 / 0.870)
    ['blind158-2026-12-01.jsonl', 282, 0.955, 0.03, 0.04, 0.985, 0.83], // 0.979 / 1.2% / 2.1% / 1.000 / 0.877 (792a8a2: 0.976 / 1.2% / 1.4% / 1.000 / 0.833; 759a176: 0.976 / 1.2% / 1.4% / 1.000 / 0.833); twenty-fourth 0.979 / 1.2% / 1.4% / 1.000 / 0.833
    ['blind159-2026-12-01.jsonl', 287, 0.95, 0.04, 0.03, 0.965, 0.875], // 0.971 / 2.3% / 1.4% / 0.980 / 0.926 (792a8a2: 0.979 / 2.3% / 1.4% / 1.000 / 0.911; 759a176: 0.979 / 2.3% / 1.4% / 1.000 / 0.911); twenty-third 0.975 / 2.3% / 1.4% / 1.000 / 0.877
    ['blind160-2026-12-01.jsonl', 289, 0.955, 0.03, 0.055, 0.985, 0.92], // 0.975 / 1.1% / 3.6% / 1.000 / 0.962 (792a8a2: 0.970 / 0.0% / 3.6% / 1.000 / 0.962; 759a176: 0.972 / 0.0% / 3.6% / 1.000 / 0.962)
    ['blind161-2026-12-01.jsonl', 286, 0.955, 0.015, 0.045, 0.985, 0.89], // 0.979 / 0.0% / 2.9% / 1.000 / 0.943 (792a8a2: 0.987 / 0.0% / 2.1% / 1.000 / 0.926; 759a176: 0.987 / 0.0% / 2.1% / 1.000 / 0.909); twenty-second 0.978 / 0.0% / 2.1% / 1.000 / 0.893
  ];
  staysAboveItsFloors('twentieth round, second sealed', TWENTIETH_ROUND_SECOND_SEALED);

  // Written before the Cantonese data was chosen (a Sha Tin and Tsuen Wan estate in Hong Kong Cantonese, Foshan/
  // Zhongshan in Guangdong Cantonese, Zhuzhou/Xiangtan), kept unread and scored once on the delivered model (7bc8596);
  // in brackets 792a8a2 and 759a176.
  const TWENTIETH_ROUND_LAST: SetFloors[] = [
    ['blind162-2026-12-01.jsonl', 285, 0.945, 0.04, 0.04, 0.965, 0.865], // 0.965 / 2.4% / 2.1% / 0.980 / 0.907 (792a8a2: 0.957 / 2.4% / 3.6% / 0.980 / 0.891; 759a176: 0.951 / 2.4% / 5.0% / 0.980 / 0.907)
    ['blind163-2026-12-01.jsonl', 284, 0.945, 0.04, 0.03, 0.945, 0.9], // 0.970 / 2.3% / 1.4% / 0.960 / 0.940 (792a8a2: 0.968 / 1.2% / 2.1% / 0.980 / 0.891; 759a176: 0.968 / 1.2% / 2.9% / 0.980 / 0.925)
    ['blind164-2026-12-01.jsonl', 288, 0.96, 0.03, 0.015, 0.96, 0.9], // 0.983 / 1.2% / 0.0% / 1.000 / 0.941 (792a8a2: 0.976 / 2.4% / 0.0% / 0.980 / 0.923; 759a176: 0.976 / 2.4% / 0.0% / 0.980 / 0.941); twenty-first 0.990 / 1.2% / 0.0% / 0.980 / 0.941
  ];
  staysAboveItsFloors('twentieth round, last', TWENTIETH_ROUND_LAST);

  // The twenty-first round (a Kowloon Bay and Tai Po estate in Hong Kong Cantonese, international compounds in Shekou
  // and Shunyi writing mostly English, hillside estates in Chongqing and Guiyang): scored on main before the round
  // (8efd90f, in brackets: the first look in intents/README.md), then read and used to choose the round's changes.
  const TWENTY_FIRST_ROUND: SetFloors[] = [
    ['blind165-2026-12-02.jsonl', 286, 0.94, 0.04, 0.045, 0.96, 0.85], // 0.964 / 2.3% / 2.9% / 0.977 / 0.891 (0.946 / 3.5% / 3.6% / 0.977 / 0.872)
    ['blind167-2026-12-02.jsonl', 284, 0.95, 0.015, 0.03, 0.985, 0.93], // 0.972 / 0.0% / 1.4% / 1.000 / 0.977 (0.980 / 0.0% / 1.4% / 1.000 / 0.977); after the last phrase fixes 0.978 / 1.2% / 0.7% / 1.000 / 0.935
  ];
  staysAboveItsFloors('twenty-first', TWENTY_FIRST_ROUND);

  // Written at the start of the twenty-first round (Wuhan/Changsha, Taipei/Kaohsiung condominiums, a Tin Shui Wai and
  // Kwun Tong estate in Hong Kong Cantonese, Hangzhou/Suzhou estates writing mostly English), kept unread and scored
  // once mid-round (dc088e3), then read: blind171's English chatter led to the English "over, handled, advice" phrases.
  // Figures after the round, then on dc088e3 and on main before the round (8efd90f).
  const TWENTY_FIRST_ROUND_SEALED: SetFloors[] = [
    ['blind168-2026-12-02.jsonl', 285, 0.955, 0.015, 0.025, 0.985, 0.87], // 0.978 / 0.0% / 0.7% / 1.000 / 0.915 (dc088e3: 0.978 / 0.0% / 0.7% / 1.000 / 0.878; 8efd90f: 0.978 / 0.0% / 0.7% / 1.000 / 0.915)
    ['blind169-2026-12-02.jsonl', 287, 0.93, 0.05, 0.06, 0.985, 0.84], // 0.953 / 3.4% / 4.3% / 1.000 / 0.896 (dc088e3: 0.953 / 3.4% / 4.3% / 1.000 / 0.878; 8efd90f: 0.949 / 3.4% / 5.0% / 1.000 / 0.896); twenty-second 0.958 / 3.4% / 4.3% / 1.000 / 0.843
    ['blind170-2026-12-02.jsonl', 280, 0.95, 0.03, 0.045, 0.985, 0.835], // 0.970 / 1.2% / 2.9% / 1.000 / 0.878 (dc088e3: 0.970 / 1.2% / 2.9% / 1.000 / 0.936; 8efd90f: 0.967 / 1.2% / 3.6% / 1.000 / 0.878)
  ];
  staysAboveItsFloors('twenty-first round sealed', TWENTY_FIRST_ROUND_SEALED);

  // Written mid-round (Nanjing/Hefei, Xi'an/Lanzhou, Shenzhen and Guangzhou estates writing Mandarin and Guangdong
  // Cantonese), kept unread and scored once on the delivered model (e22d74e); in brackets 8efd90f.
  const TWENTY_FIRST_ROUND_LAST: SetFloors[] = [
    ['blind172-2026-12-02.jsonl', 287, 0.95, 0.05, 0.025, 0.985, 0.87], // 0.970 / 3.4% / 0.7% / 1.000 / 0.915 (0.967 / 3.4% / 0.7% / 1.000 / 0.913)
    ['blind173-2026-12-02.jsonl', 279, 0.95, 0.04, 0.015, 0.985, 0.89], // 0.971 / 2.5% / 0.0% / 1.000 / 0.935 (0.970 / 1.2% / 0.0% / 1.000 / 0.956)
    ['blind174-2026-12-02.jsonl', 285, 0.945, 0.015, 0.03, 0.985, 0.915], // 0.968 / 0.0% / 1.4% / 1.000 / 0.956 (0.968 / 0.0% / 1.4% / 1.000 / 0.956)
  ];
  staysAboveItsFloors('twenty-first round, last', TWENTY_FIRST_ROUND_LAST);

  // Written once the round's model was delivered (serviced apartments in Beijing and Shanghai writing mostly English,
  // Taichung/Tainan condominiums, a Ma On Shan and Tung Chung estate in Hong Kong Cantonese, Guangzhou and Xiamen
  // estates writing mostly English), kept unread and scored once on it (afecb35, the same model as e22d74e); in
  // brackets 8efd90f.
  const TWENTY_FIRST_ROUND_AFTER: SetFloors[] = [
    ['blind176-2026-12-02.jsonl', 289, 0.935, 0.015, 0.065, 0.985, 0.855], // 0.958 / 0.0% / 5.0% / 1.000 / 0.898 (0.958 / 0.0% / 5.0% / 1.000 / 0.917)
    ['blind177-2026-12-02.jsonl', 284, 0.91, 0.03, 0.065, 0.985, 0.835], // 0.934 / 1.2% / 5.0% / 1.000 / 0.878 (0.924 / 2.4% / 5.7% / 1.000 / 0.843)
  ];
  staysAboveItsFloors('twenty-first round, after', TWENTY_FIRST_ROUND_AFTER);

  // Written after blind175–178 were scored and read, with no change to the model since (Tianjin and Qingdao towers
  // writing mostly English, New Taipei and Hsinchu condominiums, a Kwai Chung, Tsing Yi and Yuen Long estate in Hong
  // Kong Cantonese, Zhengzhou/Jinan), kept unread and scored once on the delivered model; in brackets 8efd90f.
  const TWENTY_FIRST_ROUND_LAST_WORD: SetFloors[] = [
    ['blind180-2026-12-02.jsonl', 289, 0.925, 0.05, 0.055, 0.975, 0.825], // 0.948 / 3.4% / 3.6% / 1.000 / 0.870 (0.956 / 1.1% / 3.6% / 0.976 / 0.891); twenty-second 0.951 / 3.4% / 2.9% / 0.976 / 0.891
    ['blind181-2026-12-02.jsonl', 285, 0.96, 0.04, 0.04, 0.96, 0.835], // 0.981 / 2.4% / 2.1% / 0.977 / 0.875 (0.977 / 1.2% / 2.9% / 1.000 / 0.854)
    ['blind182-2026-12-02.jsonl', 283, 0.975, 0.015, 0.025, 0.985, 0.82], // 0.996 / 0.0% / 0.7% / 1.000 / 0.860 (0.996 / 0.0% / 0.7% / 1.000 / 0.896)
  ];
  staysAboveItsFloors('twenty-first round, last word', TWENTY_FIRST_ROUND_LAST_WORD);

  // Written after the note on blind179–182, the model still unchanged (Chengdu/Chongqing and Dalian/Shenyang estates
  // writing mostly English, Sai Kung/Tai Wai/Sha Tin in Hong Kong Cantonese), kept unread and scored once on the
  // delivered model; in brackets 8efd90f.
  const TWENTY_FIRST_ROUND_POSTSCRIPT: SetFloors[] = [
    ['blind185-2026-12-02.jsonl', 284, 0.94, 0.015, 0.055, 0.96, 0.89], // 0.963 / 0.0% / 3.6% / 0.977 / 0.932 (0.960 / 0.0% / 4.3% / 0.977 / 0.867)
  ];
  staysAboveItsFloors('twenty-first round, postscript', TWENTY_FIRST_ROUND_POSTSCRIPT);

  // The twenty-second round (Harbin/Changchun estates in winter in north-eastern speech, Tseung Kwan O and Tuen Mun in
  // Hong Kong Cantonese, an international compound in Suzhou Industrial Park writing mostly English): scored on main
  // before the round (8ef81e6, in brackets: the first look in intents/README.md), then read and used to choose the
  // round's changes.
  const TWENTY_SECOND_ROUND: SetFloors[] = [
    ['blind186-2026-12-02.jsonl', 275, 0.945, 0.045, 0.03, 0.955, 0.855], // 0.965 / 2.6% / 1.4% / 0.974 / 0.902 (0.965 / 2.6% / 1.4% / 0.974 / 0.878); twenty-third 0.965 / 2.6% / 1.4% / 0.974 / 0.857
    ['blind187-2026-12-02.jsonl', 281, 0.96, 0.05, 0.025, 0.97, 0.82], // 0.983 / 2.5% / 0.7% / 1.000 / 0.860 (0.972 / 2.5% / 0.7% / 1.000 / 0.860); with the English training sets 0.981 / 3.7% / 1.4% / 0.974 / 0.902; twenty-fourth 0.978 / 4.9% / 1.4% / 1.000 / 0.881
  ];
  staysAboveItsFloors('twenty-second', TWENTY_SECOND_ROUND);

  // Written at the start of the twenty-second round (Kunming/Nanning, Taoyuan/Keelung condominiums, Macau and Zhuhai
  // Hengqin), and mid-round (a Pudong compound writing mostly English, older Sham Shui Po, Wong Tai Sin and Kwun Tong
  // estates in Hong Kong Cantonese), kept unread and scored once on the delivered model; in brackets 8ef81e6.
  const TWENTY_SECOND_ROUND_SEALED: SetFloors[] = [
    ['blind189-2026-12-02.jsonl', 278, 0.955, 0.03, 0.03, 0.985, 0.82], // 0.979 / 1.2% / 1.4% / 1.000 / 0.864 (0.979 / 1.2% / 1.4% / 1.000 / 0.884)
    ['blind190-2026-12-02.jsonl', 284, 0.95, 0.03, 0.05, 0.955, 0.885], // 0.973 / 1.2% / 2.9% / 0.974 / 0.925 (0.973 / 1.2% / 2.9% / 0.974 / 0.878); with the English sets trained on 0.960 / 1.2% / 5.0% / 0.974 / 0.949
    ['blind191-2026-12-02.jsonl', 283, 0.93, 0.055, 0.045, 0.985, 0.84], // 0.951 / 3.6% / 2.9% / 1.000 / 0.884 (0.941 / 3.6% / 3.6% / 1.000 / 0.884)
    ['blind193-2026-12-02.jsonl', 282, 0.925, 0.055, 0.04, 0.97, 0.76], // 0.949 / 3.7% / 2.1% / 1.000 / 0.804 (0.949 / 3.7% / 2.1% / 0.974 / 0.902); twenty-third 0.952 / 2.4% / 2.1% / 0.974 / 0.860
  ];
  staysAboveItsFloors('twenty-second round sealed', TWENTY_SECOND_ROUND_SEALED);

  // Written once the round's model was delivered (rental towers in Shenzhen Nanshan and Longhua, Kaohsiung/Tainan with
  // Minnan words, Tsuen Wan/Tsing Yi/Tseung Kwan O switching between Cantonese and English, a Guangzhou compound
  // writing mostly English), kept unread and scored once on it; in brackets 8ef81e6.
  const TWENTY_SECOND_ROUND_AFTER: SetFloors[] = [
    ['blind194-2026-12-02.jsonl', 278, 0.955, 0.03, 0.03, 0.985, 0.93], // 0.979 / 1.2% / 1.4% / 1.000 / 0.974 (0.984 / 1.2% / 1.4% / 1.000 / 0.950)
    ['blind195-2026-12-02.jsonl', 285, 0.955, 0.03, 0.03, 0.985, 0.84], // 0.980 / 1.2% / 1.4% / 1.000 / 0.884 (0.980 / 1.2% / 1.4% / 1.000 / 0.884)
    ['blind196-2026-12-02.jsonl', 286, 0.945, 0.03, 0.045, 0.985, 0.805], // 0.968 / 1.2% / 2.9% / 1.000 / 0.848 (0.961 / 1.2% / 2.9% / 1.000 / 0.826)
  ];
  staysAboveItsFloors('twenty-second round, after', TWENTY_SECOND_ROUND_AFTER);

  // Written once blind189–197 had been scored (Wuxi/Changzhou, Taichung/Changhua, Yuen Long/Tin Shui Wai in Hong Kong
  // Cantonese, a Wangjing/Shunyi compound writing mostly English), kept unread and scored once on the final model, the
  // English fault phrases included (8b71e5b); in brackets 8ef81e6.
  const TWENTY_SECOND_ROUND_LAST: SetFloors[] = [
    ['blind198-2026-12-02.jsonl', 278, 0.96, 0.04, 0.025, 0.985, 0.93], // 0.982 / 2.5% / 0.7% / 1.000 / 0.974 (0.982 / 2.5% / 0.7% / 1.000 / 0.974)
    ['blind199-2026-12-02.jsonl', 283, 0.955, 0.015, 0.045, 0.985, 0.93], // 0.979 / 0.0% / 2.9% / 1.000 / 0.974 (0.979 / 0.0% / 2.9% / 1.000 / 0.950)
    ['blind200-2026-12-02.jsonl', 286, 0.95, 0.03, 0.04, 0.955, 0.795], // 0.972 / 1.2% / 2.1% / 0.974 / 0.837 (0.965 / 1.2% / 2.1% / 0.974 / 0.837)
    ['blind201-2026-12-02.jsonl', 282, 0.93, 0.08, 0.03, 0.93, 0.805], // 0.953 / 6.0% / 1.4% / 0.947 / 0.846 (0.935 / 7.2% / 2.1% / 0.921 / 0.825)
  ];
  staysAboveItsFloors('twenty-second round, last', TWENTY_SECOND_ROUND_LAST);

  // Twenty-third round, first look (scored on f7c6b6f before any change, in brackets; floors from the delivered model):
  // Hangzhou/Ningbo/Shaoxing with Wu words, Taikoo Shing/Quarry Bay/Chai Wan in Hong Kong Cantonese, a Sanya/Haikou
  // compound writing mostly English, Taipei Neihu and New Taipei in Taiwanese Mandarin.
  const TWENTY_THIRD_ROUND: SetFloors[] = [
    ['blind202-2026-12-02.jsonl', 279, 0.97, 0.015, 0.015, 0.985, 0.89], // 0.992 / 0.0% / 0.0% / 1.000 / 0.930 (0.989 / 1.2% / 0.0% / 1.000 / 0.952)
    ['blind203-2026-12-02.jsonl', 282, 0.945, 0.015, 0.025, 0.985, 0.84], // 0.969 / 0.0% / 0.7% / 1.000 / 0.881 (0.961 / 0.0% / 2.1% / 1.000 / 0.907)
    ['blind204-2026-12-02.jsonl', 282, 0.915, 0.04, 0.03, 0.92, 0.8], // 0.935 / 2.4% / 1.4% / 1.000 / 0.841 (0.927 / 3.7% / 4.3% / 0.950 / 0.795); with the English sets trained on 0.956 / 1.2% / 2.1% / 0.925 / 0.949
    ['blind205-2026-12-02.jsonl', 285, 0.96, 0.03, 0.04, 0.95, 0.8], // 0.981 / 1.2% / 2.1% / 1.000 / 0.844 (0.975 / 1.2% / 3.6% / 1.000 / 0.867); after the last phrase fixes 0.984 / 0.0% / 2.1% / 0.975 / 0.864; twenty-fourth 0.984 / 0.0% / 2.1% / 0.950 / 0.884
  ];
  staysAboveItsFloors('twenty-third round', TWENTY_THIRD_ROUND);

  // Written while the round's changes were made (Wuhan/Changsha, Tseung Kwan O/Kowloon Bay/Shek Kip Mei in Cantonese
  // with English, a Shekou/Qianhai compound writing mostly English, Zhongli/Zhubei in Taiwanese Mandarin), kept unread
  // and scored once on the delivered model; in brackets f7c6b6f.
  const TWENTY_THIRD_ROUND_LAST: SetFloors[] = [
    ['blind206-2026-12-02.jsonl', 279, 0.965, 0.015, 0.03, 0.985, 0.91], // 0.985 / 0.0% / 1.4% / 1.000 / 0.952 (0.985 / 0.0% / 1.4% / 1.000 / 0.952)
    ['blind207-2026-12-02.jsonl', 287, 0.95, 0.015, 0.03, 0.96, 0.845], // 0.975 / 0.0% / 1.4% / 0.976 / 0.886 (0.979 / 0.0% / 1.4% / 0.951 / 0.951)
    ['blind208-2026-12-02.jsonl', 285, 0.895, 0.03, 0.08, 0.885, 0.78], // 0.915 / 1.2% / 6.4% / 0.902 / 0.837 (0.917 / 1.2% / 5.0% / 0.927 / 0.800); with the English sets trained on 0.957 / 0.0% / 3.6% / 0.976 / 0.783
    ['blind209-2026-12-02.jsonl', 286, 0.94, 0.015, 0.065, 0.985, 0.865], // 0.963 / 0.0% / 5.0% / 1.000 / 0.909 (0.963 / 0.0% / 5.0% / 1.000 / 0.911)
  ];
  staysAboveItsFloors('twenty-third round, last', TWENTY_THIRD_ROUND_LAST);

  // Written once blind206–209 had been scored (Xiamen/Fuzhou, a Gubei/Hongqiao compound writing mostly English, Mong
  // Kok/Tai Kok Tsui/Lai Chi Kok in Cantonese, a Binjiang tech-park compound writing mostly English, Yilan/Hualien/
  // Taitung), kept unread and scored once on the model with the fourteen English sets trained on; in brackets f7c6b6f.
  const TWENTY_THIRD_ROUND_ENGLISH_TRAINED: SetFloors[] = [
    ['blind210-2026-12-02.jsonl', 277, 0.96, 0.015, 0.025, 0.985, 0.935], // 0.982 / 0.0% / 0.7% / 1.000 / 0.976 (0.982 / 0.0% / 0.7% / 1.000 / 1.000)
    ['blind211-2026-12-02.jsonl', 282, 0.935, 0.04, 0.055, 0.91, 0.715], // 0.958 / 2.4% / 3.6% / 0.925 / 0.756 (0.922 / 3.6% / 7.1% / 0.875 / 0.756)
    ['blind212-2026-12-02.jsonl', 283, 0.93, 0.04, 0.025, 0.985, 0.865], // 0.955 / 2.4% / 0.7% / 1.000 / 0.907 (0.963 / 3.6% / 0.7% / 1.000 / 0.907)
    ['blind213-2026-12-02.jsonl', 284, 0.91, 0.075, 0.06, 0.91, 0.765], // 0.934 / 6.0% / 4.3% / 0.927 / 0.809 (0.894 / 7.1% / 3.6% / 0.976 / 0.729)
    ['blind214-2026-12-02.jsonl', 285, 0.935, 0.04, 0.045, 0.985, 0.76], // 0.958 / 2.4% / 2.9% / 1.000 / 0.800 (0.961 / 2.4% / 2.9% / 1.000 / 0.833)
  ];
  staysAboveItsFloors('twenty-third round, English trained on', TWENTY_THIRD_ROUND_ENGLISH_TRAINED);

  // Written while 1,417 English training messages were being written from the rules by other helpers (a Jinji Lake/
  // Kunshan compound writing mostly English, Sha Tin/Fo Tan/Ma On Shan half Cantonese half English, Zhengzhou/
  // Shijiazhuang/Taiyuan), kept unread and scored once on the delivered model; in brackets f7c6b6f.
  const TWENTY_THIRD_ROUND_LAST_POOL: SetFloors[] = [
    ['blind215-2026-12-02.jsonl', 283, 0.935, 0.04, 0.03, 0.96, 0.885], // 0.959 / 2.4% / 1.4% / 0.975 / 0.929 (0.917 / 4.8% / 4.3% / 0.950 / 0.826)
    ['blind216-2026-12-02.jsonl', 278, 0.935, 0.045, 0.045, 0.985, 0.825], // 0.957 / 2.6% / 2.9% / 1.000 / 0.870 (0.928 / 5.1% / 4.3% / 1.000 / 0.830)
    ['blind217-2026-12-02.jsonl', 282, 0.96, 0.015, 0.04, 0.96, 0.91], // 0.983 / 0.0% / 2.1% / 0.975 / 0.951 (0.983 / 0.0% / 2.1% / 0.975 / 0.951)
  ];
  staysAboveItsFloors('twenty-third round, last pool', TWENTY_THIRD_ROUND_LAST_POOL);

  // Written once blind215–217 had been scored (a Wangjing/Jiuxianqiao compound writing mostly English, Nanchang/Guiyang/
  // Kunming, Tsuen Wan/Kwai Fong/Tuen Mun in Cantonese with some English), kept unread and scored once on the model
  // delivered after the "is out" and "quick fix" fixes; in brackets f7c6b6f.
  const TWENTY_THIRD_ROUND_FINAL_POOL: SetFloors[] = [
    ['blind218-2026-12-02.jsonl', 283, 0.935, 0.04, 0.03, 0.985, 0.845], // 0.959 / 2.4% / 1.4% / 1.000 / 0.889 (0.913 / 4.8% / 4.3% / 1.000 / 0.851)
    ['blind219-2026-12-02.jsonl', 280, 0.96, 0.04, 0.015, 0.985, 0.935], // 0.983 / 2.4% / 0.0% / 1.000 / 0.976 (0.983 / 2.4% / 0.0% / 1.000 / 0.952)
    ['blind220-2026-12-02.jsonl', 288, 0.925, 0.03, 0.06, 0.985, 0.89], // 0.949 / 1.2% / 4.3% / 1.000 / 0.930 (0.952 / 1.2% / 4.3% / 1.000 / 0.886)
  ];
  staysAboveItsFloors('twenty-third round, final pool', TWENTY_THIRD_ROUND_FINAL_POOL);

  // The twenty-fourth round (2026-12-02): five more writers wrote blind221–225 from the rules alone (a Chongqing/Chengdu
  // compound with Sichuan words, Qingdao/Jinan/Dalian, Tai Po/Sheung Shui/Fanling in Cantonese, a Nanjing Hexi/Hefei
  // compound writing mostly English, Hsinchu/Miaoli/Taichung); scored before any change on 52c6d59 (model
  // e75d813dad1cc9fa, the first look in intents/README.md).
  const TWENTY_FOURTH_ROUND: SetFloors[] = [
    ['blind221-2026-12-02.jsonl', 282, 0.94, 0.015, 0.015, 0.985, 0.885], // 0.963 / 0.0% / 0.0% / 1.000 / 0.927
    ['blind222-2026-12-02.jsonl', 285, 0.955, 0.04, 0.025, 0.985, 0.84], // 0.979 / 2.4% / 0.7% / 1.000 / 0.884
    ['blind223-2026-12-02.jsonl', 286, 0.955, 0.03, 0.025, 0.93, 0.85], // 0.979 / 1.2% / 0.7% / 0.947 / 0.895
    ['blind224-2026-12-02.jsonl', 282, 0.96, 0.03, 0.025, 0.985, 0.875], // 0.981 / 1.2% / 0.7% / 1.000 / 0.919
    ['blind225-2026-12-02.jsonl', 286, 0.94, 0.03, 0.06, 0.985, 0.86], // 0.961 / 1.2% / 4.3% / 1.000 / 0.902
  ];
  staysAboveItsFloors('twenty-fourth round', TWENTY_FOURTH_ROUND);

  // Written after "no water" and "no power" were read as 没水 and 没电 (Xi'an/Lanzhou/Yinchuan, Shenzhen Longhua/
  // Dongguan with internet slang, Whampoa/Hung Hom/To Kwa Wan in Cantonese, a Jing'an/Sanlitun serviced-apartment
  // compound writing mostly English, Tainan/Kaohsiung/Pingtung), kept unread and scored once on the delivered model;
  // in brackets 52c6d59.
  const TWENTY_FOURTH_ROUND_FINAL_POOL: SetFloors[] = [
    ['blind226-2026-12-02.jsonl', 284, 0.955, 0.03, 0.025, 0.985, 0.885], // 0.975 / 1.2% / 0.7% / 1.000 / 0.925 (the same)
    ['blind227-2026-12-02.jsonl', 284, 0.965, 0.015, 0.025, 0.985, 0.96], // 0.986 / 0.0% / 0.7% / 1.000 / 1.000 (the same)
    ['blind228-2026-12-02.jsonl', 285, 0.965, 0.015, 0.03, 0.985, 0.86], // 0.987 / 0.0% / 1.4% / 1.000 / 0.900 (0.987 / 0.0% / 1.4% / 0.973 / 0.947)
    ['blind229-2026-12-02.jsonl', 279, 0.955, 0.03, 0.045, 0.955, 0.855], // 0.979 / 1.2% / 2.9% / 0.973 / 0.897 (0.979 / 1.2% / 2.9% / 0.973 / 0.875)
    ['blind230-2026-12-02.jsonl', 284, 0.95, 0.03, 0.055, 0.985, 0.835], // 0.973 / 1.2% / 3.6% / 1.000 / 0.875 (the same)
  ];
  staysAboveItsFloors('twenty-fourth round, final pool', TWENTY_FOURTH_ROUND_FINAL_POOL);

  it('takes a neighbour joining an outage report in English for a repair, and a question about a cut for a question', () => {
    expect(classifier.classify('same here, no water in 2203 since noon').intent).toBe('repair');
    expect(classifier.classify('Block 5 no power too, 9/F').intent).toBe('repair');
    expect(classifier.classify('Will there be no water tomorrow?').intent).toBe('inquiry');
  });

  it('does not take a statement for an inquiry', () => {
    // a neighbour passing on information, not asking the property anything
    expect(classifier.classify('物业前台周六也上班的，直接过去就行').intent).toBe('none');
    expect(classifier.classify('物业前台周六上班吗').intent).toBe('inquiry');
  });

  it('reads a short quoted reply in the light of the quoted message', () => {
    const sep = '\n- - - - - - - - - - - - - - -\n';
    const sarcastic = classifier.classify(`「物业客服：已记录，会尽快处理」${sep}这话我都能背下来了`);
    expect(sarcastic.intent).toBe('complaint');
    expect(sarcastic.normalized).toBe('这话我都能背下来了');
    expect(classifier.classify(`「物业：明天上午停水」${sep}收到`).intent).toBe('none');
  });

  it('does not open tickets for personal mishaps and hearsay', () => {
    expect(classifier.classify('我家狗把耳机线咬断了哈哈').intent).toBe('none');
    expect(classifier.classify('听说别的小区电梯困人了，好吓人')).toMatchObject({ intent: 'none', urgent: false });
  });

  it('keeps a sentence that follows an @ without a space', () => {
    expect(classifier.classify('群里@了管家一上午也没人理').intent).toBe('complaint');
  });
});
