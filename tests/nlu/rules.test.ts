import { describe, expect, it } from 'vitest';
import type { NeuralJson } from '@nlpjs/neural';
import { createClassifier } from '../../src/nlu/classifier.js';
import { loadCorpus } from '../../src/nlu/corpus.js';
import { LinearScorer } from '../../src/nlu/network.js';

// The rules that sit between the networks and the answer, each tried against networks whose verdict is fixed (a
// bias and nothing else), so a test says what the rule does whatever the trained networks think of the sentence.

const corpus = loadCorpus('intents');
const INTENTS = ['repair', 'complaint', 'inquiry', 'none'] as const;

function fixed(labels: readonly string[], biases: readonly number[]): LinearScorer {
  const json: NeuralJson = { settings: {}, features: [], intents: [...labels], perceptrons: biases.map((b) => [b]) };
  return new LinearScorer(json);
}

/** An intent network that answers with these raw outputs for every message (squared and normalised by the scorer). */
function intentSaying(outputs: Partial<Record<(typeof INTENTS)[number], number>>): LinearScorer {
  return fixed(INTENTS, INTENTS.map((label) => outputs[label] ?? 0));
}

const urgentNow = fixed(['urgent', 'calm'], [6, 0]);
const calm = fixed(['urgent', 'calm'], [0, 6]);
const anyTopic = fixed(['other'], [1]);

function classifier(intent: LinearScorer, urgency: LinearScorer) {
  return createClassifier({ intent, topic: anyTopic, urgency }, corpus);
}

/** No danger, and an intent network that only leans to chatter: whatever makes it a repair is the request floor. */
const calmLeansNone = classifier(intentSaying({ none: 1, repair: 0.9 }), calm);

describe('an urgent message the intent network is sure is no fault report', () => {
  const text = '地库那辆车锁着 里面关着个小孩在哭 车门打不开 大人不见了';

  it('stays none (the alert comes from the urgency alone)', () => {
    const u = classifier(intentSaying({ none: 3 }), urgentNow).classify(text);
    expect(u).toMatchObject({ intent: 'none', urgent: true });
  });

  it('stays none when the network only leans to none (the bot opens an urgent ticket for it all the same)', () => {
    const u = classifier(intentSaying({ none: 1, repair: 0.9 }), urgentNow).classify(text);
    expect(u).toMatchObject({ intent: 'none', urgent: true });
  });
});

describe('a plain question that names the company', () => {
  const sureNone = classifier(intentSaying({ none: 3 }), calm);

  it('is a question for it, even when the network took it for chatter', () => {
    expect(sureNone.classify('物業有失物招領嗎 我昨天在廣場掉了一隻手套').intent).toBe('inquiry');
    expect(sureNone.classify('新闻说隔壁区有个地库淹了 我们小区的排水泵物业检修过没有？').intent).toBe('inquiry');
  });

  it('while a question among neighbours, a remark about the company or a danger now is not', () => {
    expect(sureNone.classify('谁家的伞落在大堂了 蓝色的').intent).toBe('none');
    expect(sureNone.classify('物业今天来修过了 谢谢师傅').intent).toBe('none');
    expect(classifier(intentSaying({ none: 3 }), urgentNow).classify('有个阿姨晕倒在大堂了 物业能不能下来个人').intent).toBe('none');
  });
});

describe('a danger reported with a question', () => {
  it('is a repair, not a question for the FAQ', () => {
    const u = classifier(intentSaying({ inquiry: 3 }), urgentNow).classify('水管爆了 家里总阀在哪关');
    expect(u).toMatchObject({ intent: 'repair', urgent: true });
  });

  it('while a question about danger with nothing broken is chatter', () => {
    expect(classifier(intentSaying({ inquiry: 3 }), urgentNow).classify('有人在楼顶边上坐着 谁认识他')).toMatchObject({ intent: 'none', urgent: true });
  });
});

describe('someone shut in by a fallen shutter or a jammed door', () => {
  const sureNone = classifier(intentSaying({ none: 3 }), urgentNow);

  it('is a door to open, even when the intent network is sure it is no fault report', () => {
    const u = sureNone.classify('车库卷帘门突然掉下来了 我和我爸关在里面出不去 手机快没电了');
    expect(u).toMatchObject({ intent: 'repair', urgent: true });
  });

  it('while a person who fell behind a door locked from inside stays a person to help', () => {
    const u = sureNone.classify('隔壁大爷在家摔倒了 门从里面反锁着 隔着门喊救命');
    expect(u).toMatchObject({ intent: 'none', urgent: true });
  });
});

describe('someone shut in a lift', () => {
  it('is a lift to open, even when own things are named ("手机") and the network is sure it is no fault report', () => {
    const u = classifier(intentSaying({ none: 3 }), urgentNow).classify('我家老头被困电梯里了 手机就一格信号 快找人来');
    expect(u).toMatchObject({ intent: 'repair', urgent: true });
  });

  it('is a lift to open when the lift is misspelt by voice typing ("电体")', () => {
    expect(classifier(intentSaying({ none: 3 }), urgentNow).classify('救命 被困电体了 2单元')).toMatchObject({ intent: 'repair' });
  });

  it('while a child stuck in the railings of the lift lobby ("电梯口") is a person to help, no lift to open', () => {
    const u = classifier(intentSaying({ none: 1, repair: 0.9 }), urgentNow).classify('电梯口有个小孩头卡在栏杆缝里出不来了 哭得不行');
    expect(u).toMatchObject({ intent: 'none', urgent: true });
  });
});

describe('things thrown down', () => {
  it('are a nuisance caused by people, and "睡着了" (got to sleep) is no fire that would make it more', () => {
    const leansNone = classifier(intentSaying({ none: 1, repair: 0.9 }), urgentNow);
    expect(leansNone.classify('楼上又往下扔酒瓶 刚把孩子哄睡着了又吓醒')).toMatchObject({ intent: 'complaint', urgent: true });
  });
});

describe('people setting fire to things', () => {
  const unsure = classifier(intentSaying({ none: 1, repair: 0.9 }), urgentNow);

  it('is a complaint, as throwing things is', () => {
    expect(unsure.classify('隔壁在走廊烧纸钱 烟全灌进我家 火还没灭')).toMatchObject({ intent: 'complaint', urgent: true });
    expect(unsure.classify('有人在楼道里放鞭炮 纸屑还在冒烟')).toMatchObject({ intent: 'complaint', urgent: true });
  });

  it('while a burning socket or wire stays the repair the network reads', () => {
    const leansRepair = classifier(intentSaying({ repair: 1, none: 0.9 }), urgentNow);
    expect(leansRepair.classify('插座烧起来了 冒黑烟')).toMatchObject({ intent: 'repair', urgent: true });
  });
});

describe('a call for help for a person in danger', () => {
  // Help asked for ("赶紧去看看", "快点来人") next to words for the person's plight that look like faults: no request to
  // repair anything, so the request floor leaves the network's `none`; staff are alerted by the urgency.
  const leansNone = classifier(intentSaying({ none: 1, repair: 0.9 }), urgentNow);

  it('is no request when the plight holds a fault word ("倒在地上不动了", "没反应")', () => {
    expect(leansNone.classify('快来人 健身器材旁边有个老头倒在地上不动了 赶紧')).toMatchObject({ intent: 'none', urgent: true, request: false });
    expect(leansNone.classify('外墙吊篮上那个师傅好像中暑了 坐在那不动 喊他都没反应 快点来人')).toMatchObject({ intent: 'none', request: false });
    expect(leansNone.classify('单元门口有个大爷趴那不动弹 赶紧来人')).toMatchObject({ intent: 'none', request: false });
  });

  it('is no request when an either-or question holds one ("动不动")', () => {
    expect(leansNone.classify('花园里有个老人倒在那里 谁赶紧去看看他还动不动')).toMatchObject({ intent: 'none', request: false });
  });

  it('is no request when they are hurt in a fall ("腿摔坏了": the leg, not the building)', () => {
    const u = leansNone.classify('花园小路上有个大爷摔倒了 起不来 腿好像摔坏了 谁离得近赶紧去看看');
    expect(u).toMatchObject({ intent: 'none', urgent: true, request: false });
  });

  it('is no request when the person is too heavy to lift ("扶不动")', () => {
    expect(leansNone.classify('快点来人啊 我家老头子倒在厕所里起不来了 我一个人扶不动')).toMatchObject({ intent: 'none', request: false });
  });

  it('while a fault next to the person makes it a request to repair', () => {
    expect(leansNone.classify('有个老人倒在电梯里 电梯也停了不动 赶紧派人')).toMatchObject({ intent: 'repair', urgent: true, request: true });
  });
});

describe('a past danger talked about', () => {
  const text = '上个月地库水淹了那么深 抽水抽了整整两天';

  it('keeps a complaint the network is sure of', () => {
    expect(classifier(intentSaying({ complaint: 3 }), calm).classify(text).intent).toBe('complaint');
  });

  it('is a request when work is asked for, though no fault word is named', () => {
    const leansRepair = classifier(intentSaying({ repair: 1, none: 0.9 }), calm);
    expect(leansRepair.classify('去年台风那几棵大树倒了压坏车 今年能不能派人提前修剪一下').intent).toBe('repair');
    expect(leansRepair.classify('去年台风那几棵大树倒了压坏车 好吓人').intent).toBe('none');
  });

  it('is chatter when the network only leans to complaint', () => {
    expect(classifier(intentSaying({ complaint: 1, none: 0.9 }), calm).classify(text).intent).toBe('none');
  });

  it('is chatter when the network leans to repair', () => {
    expect(classifier(intentSaying({ repair: 1, none: 0.9 }), calm).classify(text).intent).toBe('none');
  });

  it('keeps a repair the network is sure of: the fault the danger left', () => {
    expect(classifier(intentSaying({ repair: 3 }), calm).classify(text).intent).toBe('repair');
  });
});

describe('a question about an earlier report', () => {
  const sure = classifier(intentSaying({ inquiry: 3 }), calm);

  it('is about progress, not a new request to send someone', () => {
    const u = sure.classify('上礼拜报修的厨房漏水 什么时候派人来修');
    expect(u.request).toBe(false);
    expect(u.intent).toBe('inquiry');
  });

  it('is about progress when the fault was registered at the desk ("登记的")', () => {
    expect(sure.classify('前天在前台登记的卫生间地漏返水 明天能派人来修吗')).toMatchObject({ intent: 'inquiry', request: false });
  });

  it('while a fault with a request to send someone is a request, whatever the network says', () => {
    const u = sure.classify('厨房水管漏水了 麻烦派个师傅过来看看');
    expect(u.request).toBe(true);
    expect(u.intent).toBe('repair');
  });
});

describe('a question without a question word', () => {
  const sure = classifier(intentSaying({ inquiry: 3 }), calm);

  it.each(['之前坏的那个路灯修好没有', '电梯年检做咗未', '停水通知出来了没', '第一件事该干嘛', '周六前台上班不', '能开收据不 店里报账用'])('%s stays an inquiry', (text) => {
    expect(sure.classify(text).intent).toBe('inquiry');
  });

  it('while a statement the network takes for an inquiry is chatter', () => {
    expect(sure.classify('停水通知已经贴在电梯里了').intent).toBe('none');
  });
});

describe('an advert', () => {
  const fooled = classifier(intentSaying({ repair: 3 }), urgentNow);

  it('with sales words and a number is chatter, never urgent', () => {
    expect(fooled.classify('专业补漏 防水施工 价格实惠 电话13912345678')).toMatchObject({ intent: 'none', urgency: 'none' });
  });

  it('in English, with sales words and a number, is chatter, never urgent', () => {
    expect(fooled.classify('PROFESSIONAL PLUMBING 24h, leak detection, burst pipe, no fix no fee, call 139 0000 1234')).toMatchObject({
      intent: 'none',
      urgency: 'none',
    });
    // a resident's own number with a report is no advert
    expect(fooled.classify('burst pipe in my kitchen, water everywhere, call me 139 0000 1234')).toMatchObject({ intent: 'repair' });
  });

  it('with sales words and "有意者私聊" instead of a number is chatter, never urgent', () => {
    expect(fooled.classify('家庭财产保险推广 火灾水淹都能赔 一年只要一百 有意者私聊')).toMatchObject({ intent: 'none', urgency: 'none' });
  });

  it('in English, with "DM me" or a half-hidden number instead of a full one, is chatter', () => {
    expect(fooled.classify('Aircon deep cleaning 99rmb/unit, gas top up, leak repair, DM me 😊')).toMatchObject({ intent: 'none', urgency: 'none' });
    expect(fooled.classify('pipe unblocking, discount this month, call 138xxxx')).toMatchObject({ intent: 'none', urgency: 'none' });
    // a resident asking management to message them about a leak sells nothing
    expect(fooled.classify('the leak in 1203 is back, pls DM me when the plumber can come')).toMatchObject({ intent: 'repair' });
  });

  it('in English, with "add my WeChat" or "call Mr …" instead of a number, is chatter', () => {
    expect(fooled.classify('Plumbing and electrical, fix leaks and sockets, English speaking, add my WeChat')).toMatchObject({ intent: 'none', urgency: 'none' });
    expect(fooled.classify('Professional aircon cleaning & repair, gas refill, 24h. Call Mr Zhou 139 2xxx 6610')).toMatchObject({ intent: 'none', urgency: 'none' });
    // a resident asking for the plumber's number, or to be added to a list, sells nothing
    expect(fooled.classify('kitchen tap leaking again, can someone add me to the repair list')).toMatchObject({ intent: 'repair' });
  });

  it('is not what a resident asking staff to get in touch writes', () => {
    expect(fooled.classify('卫生间天花板一直往下滴水 物业看到私聊我 约个时间上门看看')).toMatchObject({ intent: 'repair', urgency: 'urgent' });
  });
});

describe('neighbours called on, not the company', () => {
  it('is no request when whoever owns it or is nearest is asked ("谁家的赶紧", "谁离得近", "B区的快")', () => {
    expect(calmLeansNone.classify('楼上谁家的衣架掉下来挂在我家雨棚上了 歪了半边 谁家的赶紧拿回去')).toMatchObject({ intent: 'none', request: false });
    expect(calmLeansNone.classify('车库积水快到轮胎了 B区的快把车挪出来 C区还没水')).toMatchObject({ intent: 'none', request: false });
    expect(calmLeansNone.classify('花园门口有个阿姨滑倒了 坐那不动弹 谁离得近赶紧过去看看')).toMatchObject({ intent: 'none', request: false });
  });

  it('while the company called on in the same words, or whoever is free, is a request', () => {
    expect(calmLeansNone.classify('楼道的窗户玻璃歪了半边 物业赶紧派人来看看')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('单元门的闭门器坏了 门一直关不上 谁有空来修一下')).toMatchObject({ intent: 'repair', request: true });
  });
});

describe('asks without the usual words', () => {
  it('are a request with a fault', () => {
    expect(calmLeansNone.classify('後樓梯啲扶手油甩晒 生晒銹 幾時可以搵人檢查吓')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('卧室墙角发霉了一大片 麻烦找人处理一下')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('浴室個抽氣扇唔轉 又要麻煩你哋喇')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('客厅顶上预留的线盒没封好 有空来弄一下')).toMatchObject({ intent: 'repair', request: true });
  });

  it('are a request when the polite word comes first and the work some words later ("麻烦彻底检查一下", "烦请协助处理")', () => {
    expect(calmLeansNone.classify('电梯今天上下还是一顿一顿的 麻烦彻底检查一下')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('烦请协助处理1203阳台排水孔堵塞 积水未退')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('墙皮全起鼓了 麻烦找人铲了重新刮一下')).toMatchObject({ intent: 'repair', request: true });
  });
});

describe('asking whether a fault is the company\'s to fix', () => {
  const sure = classifier(intentSaying({ inquiry: 3 }), calm);

  it('is a question, not a request ("找物业还是自己找师傅")', () => {
    expect(sure.classify('热水器不出热水了 这个是找物业还是自己找师傅来修')).toMatchObject({ intent: 'inquiry', request: false });
    expect(sure.classify('卧室窗户把手松了 还是得自己找人换 还是要物业审批')).toMatchObject({ intent: 'inquiry', request: false });
  });

  it('while asking the company after trying oneself is a request', () => {
    expect(sure.classify('热水器不出热水了 自己找的师傅修不好 还是麻烦物业派人来看看')).toMatchObject({ intent: 'repair', request: true });
  });
});

describe('small talk', () => {
  const sureRepair = classifier(intentSaying({ repair: 3 }), calm);

  it('is chatter whatever the network thinks', () => {
    expect(sureRepair.classify('小区那只橘猫又胖了一圈').intent).toBe('none');
    expect(sureRepair.classify('今天风好大 楼下的桂花全吹落了 可惜').intent).toBe('none');
  });

  it('is no small talk once work is asked for', () => {
    expect(sureRepair.classify('门口那棵树的枝丫一直扫我家窗户 刮风就响 能不能修剪一下').intent).toBe('repair');
    expect(sureRepair.classify('下雨天车库坡道的防滑条都磨平了 车上不去').intent).toBe('repair');
  });

  it('is no small talk when a fault is named the plain way: a drain blocked, a path full of holes, a dent in the pavement', () => {
    expect(sureRepair.classify('B1地下室的排水孔塞住了 一下雨就積一攤水 機車要繞過去').intent).toBe('repair');
    expect(sureRepair.classify('露台去水位塞咗，琴晚落雨積晒水').intent).toBe('repair');
    expect(sureRepair.classify('小区里进门那段路坑坑洼洼 一下雨就积一大滩水').intent).toBe('repair');
    expect(sureRepair.classify('3號閘口出面條行人路凹咗一窿 落雨積晒水').intent).toBe('repair');
  });
});

describe('thanks for a visit', () => {
  it('is no request, though it names a fault and someone coming to fix it', () => {
    expect(calmLeansNone.classify('谢谢物业 昨天厨房漏水 师傅晚上就来修了')).toMatchObject({ intent: 'none', request: false });
    expect(calmLeansNone.classify('厨房漏水了 师傅什么时候来修 谢谢')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('多謝上次陳師傅幫我換水龍頭 今次係廚房個抽氣扇唔轉 又要麻煩你哋喇')).toMatchObject({ intent: 'repair', request: true });
  });
});

describe('a visit that has happened, or a promise passed on', () => {
  it('is no request, though it holds the words of asking for someone to come', () => {
    expect(calmLeansNone.classify('燃气公司来人看了 说灶具那个接口松了 现在没味了 谢谢大伙')).toMatchObject({ intent: 'none', request: false });
    expect(calmLeansNone.classify('刘经理今天下来看了B2渗水，讲要找防水公司出方案，大家再等等')).toMatchObject({ intent: 'none', request: false });
    expect(calmLeansNone.classify('上周窗户漏水的事 物业说师傅明天上午来 跟大家说一声')).toMatchObject({ intent: 'none', request: false });
    expect(calmLeansNone.classify('昨晚那個漏水的事已經處理好了，謝謝物業的師傅，大半夜還跑過來。')).toMatchObject({ intent: 'none', request: false });
    expect(calmLeansNone.classify('电梯停了那会儿吓死 现在好了 维保的来了 谢谢大家')).toMatchObject({ intent: 'none', request: false });
    expect(calmLeansNone.classify('3号梯卡在9楼了 物业上来了 大家先走楼梯')).toMatchObject({ intent: 'none', request: false });
    expect(calmLeansNone.classify('维保反馈：5号楼左梯门机老化，已申请更换，配件下周到')).toMatchObject({ intent: 'none', request: false });
  });

  it('while a new request in the same message, or one told to the company, still counts', () => {
    expect(calmLeansNone.classify('物业来看过了说是楼上漏水 现在又漏了 麻烦再派人来看看')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('电梯晃得厉害 我跟物业说一声 让维保的来看下')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('维保的来了吗 3号梯还是卡在5楼不动 麻烦快点')).toMatchObject({ intent: 'repair', request: true });
    expect(calmLeansNone.classify('大堂吊灯换好了 但是旁边那两个筒灯还不亮 麻烦一起修一下')).toMatchObject({ intent: 'repair', request: true });
    // something fixed, then a "but" and a new fault asked about
    expect(calmLeansNone.classify('上次关人的事情解决了 不过今天电梯还是一顿一顿的晃 麻烦再检查一下')).toMatchObject({ intent: 'repair', request: true });
  });

  it('while the visit that fixed something, before a "but", asks for nothing after it', () => {
    expect(calmLeansNone.classify('一楼水管前天爆的 昨天物业来修好了 但是墙上泡坏的那块发霉了 这个谁负责')).toMatchObject({ request: false });
    expect(calmLeansNone.classify('煤气味查出来了 是灶具软管老化 燃气公司连夜给换了 大家放心 没事了')).toMatchObject({ intent: 'none', request: false });
  });
});

describe('a danger word the urgency network doubts', () => {
  /** An urgency network that scores every message `score` (a logistic of the margin between its outputs). */
  const scoring = (score: number) => fixed(['urgent', 'calm'], [0, -3 * Math.log(score / (1 - score))]);
  const withUrgency = (score: number) => classifier(intentSaying({ none: 1 }), scoring(score));

  it('lifts a bare cry however low the network scores it: the cry is nearly all there is to judge', () => {
    expect(withUrgency(0.2).classify('着火了').urgency).toBe('urgent');
    expect(withUrgency(0.2).classify('3栋爆管了').urgency).toBe('urgent');
    expect(withUrgency(0.02).classify('着火了').urgency).toBe('none');
  });

  it('lifts a longer message only when the network does not lean to calm', () => {
    const text = '东边那栋楼好像着火了 你们那边看得到吗';
    expect(withUrgency(0.2).classify(text).urgency).toBe('none');
    expect(withUrgency(0.45).classify(text).urgency).toBe('urgent');
  });
});
