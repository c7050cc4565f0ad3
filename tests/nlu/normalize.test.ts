import { describe, expect, it } from 'vitest';
import { cleanText, normalize, normalizeWithQuote, splitQuote } from '../../src/nlu/normalize.js';
import { detectScript, toScript } from '../../src/nlu/script.js';

describe('normalize', () => {
  it('reads written Cantonese and the English words owners mix in as Mandarin', () => {
    expect(normalize('師傅修好咗 冇再滴水').text).toBe('师傅修好了 没再滴水');
    expect(normalize('5座lift困人！！！').text).toBe('5座电梯困人!!!');
    expect(normalize('搵人嚟睇下 pls check下 asap').text).toBe('找人来看下 请派人检查下 尽快');
    expect(normalize('莫得人管').text).toBe('没有人管');
    expect(normalize('lift整好咗未？出入證點搞').text).toBe('电梯整好了没有?出入证怎么办');
    expect(normalize('我阿爸困喺𨋢入面 撳咗掣冇人應').text).toBe('我阿爸困在电梯里面 按了按钮没人应');
    expect(normalize('水喉甩咗 個水掣關唔到').text).toBe('水管掉了 个水阀关不了');
    expect(normalize('水錶房爆喉 地板浸晒 去水位啲水反湧上嚟').text).toBe('水表房爆管 地板淹了 去水位啲水倒灌上来');
    expect(normalize('棵樹冧咗 隔籬火燭 個渠蓋冇咗 阿爺部氧氣機').text).toBe('棵树倒了 隔篱火灾 个井盖没了 阿爷部制氧机');
    // 𨋢 typed as 較 (Macau, Guangdong) where it can only be the lift; 比較 and 較好 stay
    expect(normalize('部較停咗喺8樓 搭較要等好耐 較門關唔埋').text).toBe('部电梯停了在8楼 搭电梯要等好耐 电梯门关不埋');
    expect(normalize('比較貴 呢部較好用').text).toBe('比较贵 呢部较好用');
    expect(normalize('窗邊啲玻璃膠甩晒 牆身發晒霉').text).toBe('窗边啲玻璃胶全掉了 墙身全发霉了');
  });

  it('reads other regional words and voice-typing slips as Mandarin', () => {
    expect(normalize('俺屋头一股煤汽味 咋整').text).toBe('我家里一股煤气味 怎么办');
    expect(normalize('伢在电体里面 么样搞').text).toBe('孩子在电梯里面 怎么样搞');
    expect(normalize('怎么样 什么样').text).toBe('怎么样 什么样');
  });

  it('reads Beijing and Tianjin, north-western, Nanjing and Hunan words as Mandarin', () => {
    expect(normalize('介暖气嘛时候来啊 甭急 风忒大 味儿倍儿冲').text).toBe('这暖气什么时候来啊 不用急 风太大 味儿特别冲');
    expect(normalize('额家阳台漏水咧 咋咧 嫽得很').text).toBe('我家阳台漏水了 怎么了 好得很');
    expect(normalize('电梯门打不开了 额在里面').text).toBe('电梯门打不开了 我在里面');
    expect(normalize('阿有人晓得 阿是停水了').text).toBe('有没有人晓得 是不是停水了');
    expect(normalize('冇得人晓得是么子烧起来了').text).toBe('没有人晓得是什么烧起来了');
    // south-western 没得 (没有), and 遭 as the passive: not in 没得说, 遭到, 遭殃
    expect(normalize('水泵修好没得 警示牌遭雨冲倒了').text).toBe('水泵修好没有 警示牌被雨冲倒了');
    expect(normalize('没得说 遭到投诉 又遭殃了').text).toBe('没得说 遭到投诉 又遭殃了');
    // Wu 伐 where it ends a question, not in 砍伐 or 步伐
    expect(normalize('快递放你们那边了伐 地库能开下去伐?').text).toBe('快递放你们那边了吗 地库能开下去吗?');
    expect(normalize('禁止砍伐 步伐').text).toBe('禁止砍伐 步伐');
    // Tianjin 介 (这), not in 中介 or Taiwan's 仲介 (an estate agent)
    expect(normalize('介房子找仲介还是中介').text).toBe('这房子找仲介还是中介');
    // Hubei/Hunan 喘不赢: cannot get one's breath
    expect(normalize('我屋嗲嗲现在喘不赢').text).toBe('我屋嗲嗲现在喘不过气');
  });

  it('reads Minnan as Mandarin', () => {
    expect(normalize('電梯歹去矣 阮阿公關佇內底 緊來啦').text).toBe('电梯坏了 我阿公关在里面 快来啦');
    expect(normalize('樓梯口足臭瓦斯 毋知佗位漏的 緊來看').text).toBe('楼梯口很臭瓦斯 不知道哪里漏的 快来看');
    expect(normalize('阮兜浴室的水道頭一直咧滴 關袂牢 請管理員揣人來看覓').text).toBe('我家浴室的水道头一直在滴 关不牢 请管理员找人来看看');
    // 赶紧, 要紧 keep their 紧; 伫立, 毋庸, 揣测 and the surname 阮 are Mandarin
    expect(normalize('赶紧来人 不要紧 伫立 毋庸置疑 揣测 阮小二').text).toBe('赶紧来人 不要紧 伫立 毋庸置疑 揣测 阮小二');
  });

  it('leaves the same characters alone where they mean something else', () => {
    // 中介, 介绍, 介意; Shanghai's 额 (的) after a word; 金额, 余额, 额头; 骂骂咧咧, 咧嘴
    expect(normalize('中介介绍的 别介意').text).toBe('中介介绍的 别介意');
    expect(normalize('楼梯间额灯坏脱了 老危险额').text).toBe('楼梯间额灯坏脱了 老危险额');
    expect(normalize('全额物业费 余额不足 额头破了').text).toBe('全额物业费 余额不足 额头破了');
    expect(normalize('保安骂骂咧咧 咧嘴笑').text).toBe('保安骂骂咧咧 咧嘴笑');
  });

  it('reads the words that carry a fault or a danger in a message written wholly in English', () => {
    expect(normalize('Elevator in block 9 is stuck and my wife is inside. The alarm button does nothing. Send someone NOW').text)
      .toBe('电梯 in block 9 is 卡住 and my wife is 里面. The 警铃 button 没反应. 派人 现在 电梯里面有人出不来');
    expect(normalize('Smoke coming out of the electrical room, smells like burning plastic').text)
      .toBe('冒烟 coming out of the 配电房, 味道 like 烧焦 plastic');
    // "lift" the verb is no lift, a fire drill is a drill
    expect(normalize("the barrier didn't lift. Fire drill again").text).toBe("the 道闸 didn't lift. 演习 又");
    // the alarm is no smoke, and a fire said not to be there is read as such
    expect(normalize('The smoke alarm goes off when we cook. No fire, no smoke').text).toBe('The 火警报警器 goes off when we cook. 没有火, 没有冒烟');
  });

  it('reads the requests, nuisances, questions and thanks of English sentences', () => {
    expect(normalize("The intercom in 1502 doesn't ring anymore. Could someone take a look this week?").text)
      .toBe('The 门铃 in 1502 不响了 anymore. 能不能派人来看一下 this week?');
    expect(normalize('Someone keeps parking across the bike shed entrance. Third time this week. Please deal with it.').text)
      .toBe('Someone 乱停车 across the 车棚 entrance. 又 this week. 请 处理一下.');
    expect(normalize('Is the water going to be off tomorrow? Where is the notice?').text).toBe('Is the 停水 tomorrow? 哪里 the 通知?');
    // what a home is without, as a neighbour joining an outage report says it; a power bank is no outage
    expect(normalize('same here, no water in 2203 since noon').text).toBe('same here, 没水 in 2203 since noon');
    expect(normalize('Block 5 no power too, 9/F, no electricity since 8').text).toBe('Block 5 没电 too, 9/F, 没电 since 8');
    expect(normalize('no power bank needed').text).toBe('no power bank needed');
    // fixing, thanked for, is over; a security door is no guard; asking neighbours is not asking the company
    expect(normalize('Thanks for fixing the gate so fast!').text).toBe('谢谢师傅修好了 the 道闸 so fast!');
    expect(normalize('Do I need approval for a security screen door?').text).toBe('需要吗 申请手续 for a 防盗门?');
    expect(normalize('Does anyone know a good vet?').text).toBe('有没有邻居知道 a good vet?');
    // people in danger, things down, and the words inside those phrases that alone mean something else
    expect(normalize("Stuck in the lift with my dog. Old man fell in the gym and can't get up").text)
      .toBe('困在电梯里 with my dog. 老人 摔倒了 in the 健身房 and 起不来');
    expect(normalize('A branch came down on the driveway, wires down, manhole cover missing').text)
      .toBe('A 树枝 倒了 on the 路, 电线掉下来了, 井盖没了 有个洞');
    expect(normalize('Someone is stuck in lift B, please hurry! The ramp is solid ice, a car just slid').text)
      .toBe('Someone is 困在电梯里 B, 请 快点! The ramp is solid 结冰, a car just 打滑');
    // a visit asked for without "send" or "fix", a part that snapped, a lawn left to grow, a guard asleep
    expect(normalize('Could someone pop by 807 on Friday? The towel rail snapped, pls get it looked at').text)
      .toBe('Could someone 上门来看看 807 on Friday? The towel rail 断了, 请 派人来看一下');
    expect(normalize('The lawn by the bin room has not been cut for weeks and the guard was asleep again').text)
      .toBe('The lawn by the 垃圾房 杂草没人修剪 又 and the 保安 睡觉 又');
  });

  it('reads chat English: missing or curly apostrophes, things hanging loose, water that will not stop, no answer', () => {
    expect(normalize('The intercom doesnt ring, cant get in. Mailbox door is rusted shut, won’t open').text)
      .toBe("The 门铃 不响了, can't get in. 信箱 门 is 锈住了, 打不开");
    expect(normalize('The metal canopy is hanging by one bolt and ppl are still walking under it').text)
      .toBe('The metal 雨棚 is 松了 要掉下来 and 下面有人走 it');
    expect(normalize('wind tore the roof off the bike shed, could fly off any second').text).toBe('wind 掀起来了 the 楼顶 off the 车棚, 要掉下来了 any second');
    expect(normalize('water keeps coming up the drain and wont stop').text).toBe('水 一直停不下来 up the 下水道 and 一直停不下来');
    expect(normalize('my dad collapsed in the corridor, not responding. All fine now, he is up').text)
      .toBe('my dad 晕倒了 in the 楼道, 叫他没反应. 现在没事了, he is up');
    // smoke coming out is no part coming off; hanging out the laundry is nothing loose
    expect(normalize('smoke coming out of the electric meter box').text).toBe('冒烟 coming out of the 电表箱');
    expect(normalize('hanging out laundry, the sign up sheet is by the door').text).toBe('hanging out laundry, the sign up sheet is by the 门');
  });

  it('reads emergencies told in everyday English: who is in the lift, a child alone, water that will not stop, an open hole', () => {
    expect(normalize('im in the elevater bldg 5 its stopped and doors wont open').text).toBe("我在电梯里 bldg 5 停住不动了 and 门 打不开");
    expect(normalize('people have been stuck in the blk 6 lift for 20 min').text).toBe('people have been 困在电梯里 for 20 min');
    expect(normalize('toddler alone by the pond, no parents anywhere').text).toBe('小孩 一个人 by the pond, 没有大人看着');
    expect(normalize('a kid is sitting OUTSIDE the window railing').text).toBe('a 小孩 is sitting 在栏杆外面');
    expect(normalize('closed the tap and its still not stopping, cannot stop it').text).toBe('closed the 水龙头 and its 一直停不下来, 一直停不下来 it');
    expect(normalize('the drain cover is gone, a man stepped into the open drain').text).toBe('the 井盖没了 有个洞, a man 掉进水里 掉进坑里');
    expect(normalize('plug melted and still smoking, the stairwell stinks of gas').text).toBe('plug 烧化了 and 冒烟, the 楼道 煤气味');
    expect(normalize('ac unit tilting over the path, the crack is widening').text).toBe('空调 unit 歪了 要掉下来 over the path, the 裂缝 is 越来越大');
    // a person smoking is a nuisance, whatever follows; falling over in a room is no hole
    expect(normalize('guy is smoking right next to the gate').text).toBe('guy is 抽烟 right next to the 道闸');
    expect(normalize('old man fell in the gym').text).toBe('老人 摔倒了 in the 健身房');
  });

  it('reads danger that is over, hypothetical or advice, and faults in plain chat English', () => {
    expect(normalize("imagine getting stuck in the lift. Last typhoon the garage flooded, just my advice").text)
      .toBe('万一 getting 困在电梯里. 上次 the 车库 水淹, 提醒大家注意');
    expect(normalize('the socket got replaced this morning, all clear, no worries').text).toBe('the 插座 修好了 this morning, 现在没事了, 没什么问题');
    expect(normalize('lift 2 running again. burning smell is the bbq, dont worry').text).toBe('电梯 2 修好了. 烧焦 味道 is the bbq, 大家别担心 虚惊一场');
    expect(normalize('doorbell dead, the light in the lift is out').text).toBe('门铃 坏了, the 灯 in the 电梯 灯不亮了');
    expect(normalize('3 tickets, 0 callbacks. I give up').text).toBe('3 tickets, 能不能别这样 没人理. 能不能别这样 没人理');
  });

  it('reads English danger that turned out to be nothing, was already handled, is advice or happened elsewhere', () => {
    expect(normalize('The lift alarm was just kids pressing it for fun, nobody inside').text)
      .toBe('The 电梯 警铃 原来是 虚惊 小孩 pressing it 原来是 虚惊, 没事了 没伤到人');
    expect(normalize('security has already switched it off. Fire truck is the yearly hydrant inspection').text)
      .toBe('保安 已经处理好 switched it off. 火 truck is the yearly hydrant 年检 巡检');
    expect(normalize('if your toilet keeps running just lift the lid, no need to wait').text).toBe('万一 your 马桶 一直停不下来 just lift the lid, 不用');
    expect(normalize('Friend in Binjiang says their estate had a fire. Forwarded from the gas company').text)
      .toBe('听说 别的小区 their estate had a 火. 转发 分享 the 煤气 company');
    // a fault and an ask the plain way
    expect(normalize('aircon blowing warm air, pls check').text).toBe('空调 不制冷, 请派人检查');
  });

  it('reads a lift that stopped with someone inside told in two sentences, things that smoke, fixes done by the writer and polite English questions', () => {
    expect(normalize('Lift not move, I am inside with shopping bags').text).toBe('电梯 not move, I am 里面 with shopping bags 电梯里面有人出不来');
    expect(normalize('Elevator is stop and door not open. my husband inside with baby').text).toContain('电梯里面有人出不来');
    // waiting in the lift lobby, or a lift that came back, is nobody shut in
    expect(normalize("I'm inside the lift lobby waiting for the lift to stop at 3").text).not.toContain('出不来');
    expect(normalize('my son is inside the lift, it works again').text).not.toContain('出不来');
    expect(normalize('light in the staircase is smoking and buzzing, it still smokes').text).toBe('灯 in the 楼道 is 冒烟 and 嗡嗡响, it 冒烟');
    expect(normalize('someone in the stairwell is smoking again').text).toBe('someone in the 楼道 is 抽烟 又');
    expect(normalize('the tap was leaking so I replaced the washer myself').text).toBe('the 水龙头 was 漏水 so I 自己弄好了 不用派人');
    expect(normalize('Kindly let me know the timings of the shuttle bus').text).toBe('请问 the 几点 时间 of the shuttle bus');
    expect(normalize('any update on my repair request from Monday?').text).toBe('any update on my 报修单 from Monday?');
    // a person lying on the floor, breathing badly or gone missing; a sign lying on the grass is no person
    expect(normalize('A woman is lying on the floor and breathing strangely').text).toBe('A woman is 倒在地上 and 呼吸困难');
    expect(normalize('the sign is lying on the grass').text).toBe('the sign is lying on the grass');
    expect(normalize("my dad went down an hour ago and hasn't come back").text).toBe('my dad went down an hour ago and 家人走失了');
    // faults told by what they do
    expect(normalize('hot water only lukewarm, face recognition doesnt recognise anyone').text).toBe('hot 水 only 不热, face recognition 识别不了 没反应 anyone');
    expect(normalize("dishwasher not draining, wifi down, door won't latch, floor bulging, range hood rattles").text)
      .toBe('dishwasher 堵了, 网络断了 坏了, 门 关不上, floor 起鼓, range hood 哐哐响');
    expect(normalize('a dog is attacking a kid, he had a heart attack').text).toBe('a dog is 咬人 a 小孩, he had a 心脏病发作 晕倒了');
    // 点 + a verb is "how" in Cantonese; after a number it is o'clock. North-eastern 拔凉 and 埋汰
    expect(normalize('會所BBQ場點book 訪客泊車點計錢 三點交表').text).toBe('会所BBQ场怎么book 访客停车怎么计钱 三点交表');
    expect(normalize('暖气拔凉拔凉的 楼道埋汰死了').text).toBe('暖气冰凉的 楼道脏死了');
    // Cantonese 晒 after a state ("all …"), not sunning; 郁 (move) after a negation, not 郁闷; 跣 (slip); 琴日/琴晚
    expect(normalize('車位地線褪晒色 琴晚落雨積晒水 我屋企冇晒電').text).toBe('车位地线褪了色 昨晚下雨积了水 我屋企没了电');
    expect(normalize('早起晒太阳 衣服没晒干').text).toBe('早起晒太阳 衣服没晒干');
    expect(normalize('乾手機唔郁 好郁闷 差啲跣低').text).toBe('干手机不动 好郁闷 差啲滑倒');
    expect(normalize('頭先有人困咗喺𨋢度 我阿媽跌咗喺廁所').text).toBe('头先有人困在电梯里 我阿妈跌在厕所');
  });

  it('reads shocks, panels, water that comes out brown, things put right without "fixed", advice and nuisances told in English', () => {
    expect(normalize('my son got electric shock touching the railing, railing still shocking').text).toBe('my son got 触电 漏电 touching the 栏杆, 栏杆 触电 漏电');
    // a surprise or a bad service is no shock from a wire
    expect(normalize('I got a shock when I saw the bill, shocking service').text).toBe('I got a shock when I saw the bill, shocking service');
    expect(normalize('water go inside my electric panel, light go off and on').text).toBe('水 go 里面 my 配电箱, 灯 go 一闪一闪的');
    expect(normalize('hot water comes out brown, the crack gets longer every hour, says overload').text).toBe('水发黄, the 裂缝 越来越大 every hour, says 超载');
    expect(normalize('floor drain bubbling dirty water, cctv camera hanging down').text).toBe('floor 下水道 往上冒水 水发黄, 监控 hanging down');
    expect(normalize('the paint is bubbling').text).toBe('the paint is bubbling');
    expect(normalize('cracked tile finally replaced, looks brand new; they took it down already').text).toBe('裂缝 瓦片 修好了, 修好了; they 修好了 already');
    expect(normalize('someone put the lid back. please put it back').text).toBe('修好了. 请 put it back');
    expect(normalize('Cleaned it, perfect now. 10 min fix').text).toBe('修好了, perfect 现在. 自己弄好了 不用派人');
    expect(normalize('Forwarding from my mum: never charge batteries indoors. what to do if gas leak? good article').text).toBe(
      '转发 分享 my mum: 千万别 batteries indoors. 万一 怎么办 煤气味? 转发 分享',
    );
    expect(normalize('riders drive too fast, one nearly hit my son; husky without a leash; closed with zero notice').text).toBe(
      'riders 开得飞快, one 差点撞到人 my son; husky 遛狗不拴绳; closed 也不提前通知',
    );
    expect(normalize('bins stink, clearly not cleared daily, mahjong until 3am').text).toBe('bins 好臭, clearly 没人清理 daily, mahjong 半夜');
    expect(normalize('I was racing to catch the bus, is the road cleared yet').text).toBe('I was racing to catch the bus, is the 路 cleared yet');
    expect(normalize('someone is having a seizure in the gym, he is convulsing').text).toBe('someone is 抽搐 in the 健身房, he is 抽搐');
    // "is out" is a light only after a light (or power, or "the one on 17F") was named; a quick fix thanked for is done by staff
    expect(normalize('cherry blossoms near blk 7 are out, the owners are out all day').text).toBe('cherry blossoms near blk 7 are out, the owners are out all day');
    expect(normalize('corridor light 5F is out, the one on 6F is out too').text).toBe('楼道 灯 5F 灯不亮了, the one on 6F 灯不亮了 too');
    expect(normalize('thanks for the super quick fix mgmt. can you do a quick fix on the door').text).toBe('谢谢师傅修好了 mgmt. can you do a quick 修一下 on the 门');
    // Cantonese 泊 (park) and 食烟 (smoke); Taiwan's 磁扣, 第四台, 讯号
    expect(normalize('架車泊咗喺傷殘車位 保安企喺門口食煙 碼頭泊位').text).toBe('架车停了在伤残车位 保安站在门口抽烟 码头泊位');
    expect(normalize('磁扣刷大門沒反應 天線訊號很差 第四台都是雪花').text).toBe('门禁卡刷大门没反应 天线信号很差 有线电视都是雪花');
  });

  it('leaves 唔该 (thanks), English inside longer words and the script it reports alone', () => {
    expect(normalize('唔該晒 唔好意思').text).toBe('唔该晒 不好意思');
    expect(normalize('uplift lifting checked').text).toBe('uplift lifting checked');
    expect(normalize('修好咗').script).toBe('simplified');
    expect(normalize('修好咗 唔該').script).toBe('traditional');
  });

  it('converts Traditional to Simplified and reports the script', () => {
    expect(normalize('電梯壞了，樓道燈也不亮')).toEqual({ text: '电梯坏了,楼道灯也不亮', script: 'traditional', mentions: [] });
    expect(normalize('电梯坏了').script).toBe('simplified');
  });

  it('turns full-width letters, digits and punctuation into half-width', () => {
    expect(normalize('３栋２单元１５０２漏水！ＯＫ？').text).toBe('3栋2单元1502漏水!OK?');
  });

  it('strips @mentions ended by a space or U+2005 and lists them', () => {
    const n = normalize('@物业小王\u2005@张三 楼道灯坏了');
    expect(n.text).toBe('楼道灯坏了');
    expect(n.mentions).toEqual(['物业小王', '张三']);
  });

  it('keeps only the new content of a WeChat quoted reply', () => {
    const quoted = '「张三：明天停水吗」\n- - - - - - - - - - - - - - -\n请问几点开始停';
    expect(normalize(quoted).text).toBe('请问几点开始停');
  });

  it('splits a quoted reply copied onto one line, with or without the author ("「原文」- - - - - - 回复")', () => {
    expect(normalizeWithQuote('「3楼好像有煤气味」- - - - - - 没有没有 是我家熬的羊汤')).toMatchObject({
      own: { text: '没有没有 是我家熬的羊汤' }, quoted: '3楼好像有煤气味', author: null,
    });
    expect(normalizeWithQuote('「张姐：谁家闻到煤气味没」- - - - - - 闻到了!!')).toMatchObject({
      own: { text: '闻到了!!' }, quoted: '谁家闻到煤气味没', author: '张姐',
    });
    // quotation marks inside a sentence are not a quoted reply
    expect(normalizeWithQuote('他说「不是停了」- - - 哈').quoted).toBeNull();
  });

  it('keeps the quoted message and its author apart as context', () => {
    const quoted = '「物業小王：已經安排了」\n- - - - - - - - - - - - - - -\n安排到明年嗎？';
    expect(splitQuote(quoted)).toEqual({ own: '安排到明年嗎？', quoted: '已經安排了', author: '物業小王' });
    expect(normalizeWithQuote(quoted)).toMatchObject({ quoted: '已经安排了', author: '物业小王' });
    expect(normalizeWithQuote(quoted).own).toEqual(normalize(quoted));
    expect(splitQuote('「张三：明天停水吗」请问几点')).toEqual({ own: '请问几点', quoted: '明天停水吗', author: '张三' });
    expect(splitQuote('楼道灯坏了')).toEqual({ own: '楼道灯坏了', quoted: null, author: null });
  });

  it('does not let an @ without a following space swallow the sentence', () => {
    expect(normalize('群里@了物业一整天没人回，这群是摆设吗').text).toContain('没人回');
    expect(normalize('电梯又坏了 @物业').text).toBe('电梯又坏了');
    expect(normalize('群里@了物业一整天 没一个人回').text).toBe('群里 了物业一整天 没一个人回');
  });

  it('removes emoji and WeChat placeholders', () => {
    expect(normalize('谢谢师傅👍🏻😂[强][抱拳]').text).toBe('谢谢师傅');
    expect(normalize('[图片] [语音][表情][动画表情]').text).toBe('');
    expect(normalize('❤️🇨🇳').text).toBe('');
  });

  it('keeps a shared link as the word 链接, a placeholder or a web address alike', () => {
    expect(normalize('电梯困人怎么自救 [链接]').text).toBe('电梯困人怎么自救 链接');
    expect(normalize('投票在这 https://wj.qq.com/s/xxxx 大家投一下').text).toBe('投票在这 链接 大家投一下');
    expect(normalize('看这个www.example.com/a?b=1楼道起火').text).toBe('看这个 链接 楼道起火');
  });

  it('keeps bracketed unit numbers', () => {
    expect(normalize('[3栋]电梯坏了').text).toContain('3栋');
  });
});

describe('cleanText (invisible characters and spaced-out letters)', () => {
  it('removes zero-width and other format characters (Unicode Cf) and stray control characters', () => {
    expect(cleanText('电\u200b梯坏了，困\u200b人了')).toBe('电梯坏了，困人了');
    expect(cleanText('煤\u200b气泄漏了')).toBe('煤气泄漏了');
    expect(cleanText('着\u200d火了')).toBe('着火了');
    expect(cleanText('着\ufeff火了')).toBe('着火了');
    expect(cleanText('着\u2060火\u00ad了\u202e')).toBe('着火了');
    expect(cleanText('漏水\u0007了\u001b')).toBe('漏水了');
    // a terminal escape goes whole, not leaving its visible tail "[2J" behind
    expect(cleanText('\u001b[2J\u001b[31m厨房漏水了\u001b[0m')).toBe('厨房漏水了');
    expect(cleanText('第一行\n第二行\t结束')).toBe('第一行\n第二行\t结束');
  });

  it('joins Chinese characters typed one by one with spaces', () => {
    expect(cleanText('着 火 了')).toBe('着火了');
    expect(cleanText('救　命')).toBe('救命');
    expect(cleanText('电梯坏了，困 人了')).toBe('电梯坏了，困人了');
    expect(cleanText('着火  了！ 快 来')).toBe('着火了！ 快来');
  });

  it('keeps the spaces that separate words, commands and @names', () => {
    expect(cleanText('工单 待处理')).toBe('工单 待处理');
    expect(cleanText('添加员工 张三 维修')).toBe('添加员工 张三 维修');
    expect(cleanText('查 #12')).toBe('查 #12');
    expect(cleanText('@王 着 火了')).toBe('@王 着火了');
    expect(cleanText('@物业\u2005着 火 了')).toBe('@物业\u2005着火了');
    expect(cleanText('3栋 2单元 漏水')).toBe('3栋 2单元 漏水');
  });

  it('is what normalize starts from', () => {
    expect(normalize('着 火 了').text).toBe('着火了');
    expect(normalize('煤\u200b气泄漏了').text).toBe('煤气泄漏了');
  });
});

describe('script helpers', () => {
  it('detects the script', () => {
    expect(detectScript('請問停車月卡怎麼申請')).toBe('traditional');
    expect(detectScript('请问停车月卡怎么申请')).toBe('simplified');
    expect(detectScript('OK 123')).toBe('simplified');
  });

  it('keeps the Simplified 么 of dialect questions (OpenCC reads a lone 么 as the Traditional variant of 幺)', () => {
    expect(normalize('物业办公室周末上班么')).toMatchObject({ text: '物业办公室周末上班么', script: 'simplified' });
    expect(normalize('暖气么时候来 冻死了').script).toBe('simplified');
    expect(normalize('電梯壞了麼').text).toBe('电梯坏了么');
    expect(normalize('裝修要辦麼手續').text).toBe('装修要办么手续');
  });

  it('keeps 坏 (broken), which OpenCC reads as an old form of 坯 after 打, 拉 or 一', () => {
    expect(normalize('昨晚雷把道闸打坏了')).toMatchObject({ text: '昨晚雷把道闸打坏了', script: 'simplified' });
    expect(normalize('门禁一坏就是一个月').text).toBe('门禁一坏就是一个月');
    expect(normalize('樓道門被人拉壞了')).toMatchObject({ text: '楼道门被人拉坏了', script: 'traditional' });
    expect(normalize('電梯又被打壞了 請回覆').text).toBe('电梯又被打坏了 请回复');
  });

  it('converts a Simplified reply into the resident script', () => {
    expect(toScript('请到物业服务中心办理', 'traditional')).toBe('請到物業服務中心辦理');
    expect(toScript('请到物业服务中心办理', 'simplified')).toBe('请到物业服务中心办理');
  });
});
