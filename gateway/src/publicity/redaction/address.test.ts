import { describe, expect, it } from 'vitest';
import { detectAddresses } from './address.js';
import { normaliseForDetection } from './normalise.js';

const found = (text: string) =>
  detectAddresses({ original: text, norm: normaliseForDetection(text) }).map((s) => s.text);

describe('addresses below county level', () => {
  it('keeps the province, city and county, and finds the rest', () => {
    expect(found('住址：浙江省杭州市西湖区文三路90号3幢2单元301室，联系电话')).toEqual(['文三路90号3幢2单元301室']);
    expect(found('住所：北京市朝阳区建设大街18号')).toEqual(['建设大街18号']);
    expect(found('住湖南省长沙市长沙县星沙街道丰潭小区3-2-301，')).toEqual(['星沙街道丰潭小区3-2-301']);
    expect(found('家住浙江省淳安县双溪乡前进村3组12号。')).toEqual(['双溪乡前进村3组12号']);
  });

  it('keeps county-level cities and names that start like a lower part', () => {
    expect(found('浙江省金华市义乌市稠城街道某某路')).toEqual(['稠城街道']); // 某 is no place name: already masked
    expect(found('浙江省金华市义乌市稠城街道丹溪路8号')).toEqual(['稠城街道丹溪路8号']);
    expect(found('浙江省义乌市稠城街道丹溪路8号')).toEqual(['稠城街道丹溪路8号']);
    expect(found('台州市路桥区路桥街道南官大道8号')).toEqual(['路桥街道南官大道8号']);
    expect(found('宁波市镇海区蛟川街道俞范东路1号')).toEqual(['蛟川街道俞范东路1号']);
    expect(found('青岛市市南区香港中路10号')).toEqual(['香港中路10号']);
    expect(found('杭州市萧山区市心中路123号')).toEqual(['市心中路123号']);
    expect(found('江苏省镇江市丹阳市丹凤北路1号')).toEqual(['丹凤北路1号']);
    expect(found('山东省济南市市中区经四路8号')).toEqual(['经四路8号']);
    expect(found('在济南市市中区经四路8号')).toEqual(['经四路8号']);
  });

  it('reads house numbers typed with spaces around them', () => {
    expect(found('位于示例区文三路 90 号的店铺')).toEqual(['文三路 90 号']);
    expect(found('住址：杭州市西湖区文三路 90 号 3 幢 201 室，')).toEqual(['文三路 90 号 3 幢 201 室']);
    expect(found('当事人住示例路 8 号 3 幢。')).toEqual(['示例路 8 号 3 幢']);
    expect(found('东方花园 3 幢门口')).toEqual(['东方花园 3 幢']);
    // A number after a place that is not a house number stays: 罚款 500 元.
    expect(found('在文三路罚款 500 元')).toEqual([]);
  });

  it('reads a town whose name holds 市 as a town (练市镇), not a city', () => {
    expect(found('浙江省湖州市练市镇白沙村2组')).toEqual(['练市镇白沙村2组']);
  });

  it('finds an address after a label without the units, and one standing alone', () => {
    expect(found('当事人住文三路90号。')).toEqual(['文三路90号']);
    expect(found('对当事人位于和平街211号的经营场所')).toEqual(['和平街211号']);
    expect(found('当事人在莫干山路100号门口摆摊')).toEqual(['莫干山路100号']);
    expect(found('在三墩镇前进村经营')).toEqual(['三墩镇前进村']);
    expect(found('东方花园3幢门口')).toEqual(['东方花园3幢']);
    expect(found('住址：翠苑小区１２幢３单元５０２室')).toEqual(['翠苑小区１２幢３单元５０２室']);
  });

  it('leaves agencies, institutions and words that only look like places', () => {
    expect(found('杭州市西湖区市场监督管理局')).toEqual([]);
    expect(found('向杭州市西湖区人民法院提起行政诉讼')).toEqual([]);
    expect(found('经西湖区三墩街道办事处协调')).toEqual([]);
    expect(found('淳安县双溪乡人民政府、前进村村民委员会')).toEqual([]);
    expect(found('在城区道路上违规停车')).toEqual([]);
    expect(found('全区各街道开展检查')).toEqual([]);
    expect(found('华联超市文三路店设有专柜')).toEqual([]);
    expect(found('恒达超市市心中路店设有专柜')).toEqual([]);
    expect(found('该小区物业')).toEqual([]);
    expect(found('西湖景区管委会')).toEqual([]);
  });
});
