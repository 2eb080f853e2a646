/**
 * Legal bases (法律依据) in English: the matrix and the city standards cite them in Chinese; the
 * portal's English pages show them through this (reference data, like the matters' English names).
 * A title or phrase not known here stays in Chinese, which the portal's language walk reports.
 */

// Longest first, so a city's own regulation wins over the national one it contains.
const TERMS: Array<[string, string]> = (
  [
    ['中华人民共和国', 'PRC '],
    ['四川省', 'Sichuan '],
    ['成都市', 'Chengdu '],
    ['德阳市', 'Deyang '],
    ['眉山市', 'Meishan '],
    ['资阳市', 'Ziyang '],
    ['噪声污染防治法', 'Noise Pollution Prevention and Control Law'],
    ['固体废物污染环境防治法', 'Solid Waste Pollution Prevention and Control Law'],
    ['土地管理法', 'Land Administration Law'],
    ['城乡规划法', 'Urban and Rural Planning Law'],
    ['城乡规划条例', 'Urban and Rural Planning Regulations'],
    ['大气污染防治法', 'Air Pollution Prevention and Control Law'],
    ['广告法', 'Advertising Law'],
    ['河道管理条例', 'River Course Management Regulations'],
    ['道路交通安全法', 'Road Traffic Safety Law'],
    ['食品安全法', 'Food Safety Law'],
    ['住宅室内装饰装修管理办法', 'Measures on Residential Interior Decoration'],
    ['河湖长制条例', 'River and Lake Chief Regulations'],
    ['河长制工作规定', 'River Chief Work Provisions'],
    ['城市市容和环境卫生管理条例', 'Regulations on Urban Appearance and Environmental Sanitation'],
    ['市容和环境卫生管理条例', 'Regulations on City Appearance and Environmental Sanitation'],
    ['市容和环境卫生管理办法', 'Measures on City Appearance and Environmental Sanitation'],
    ['城市建筑垃圾管理规定', 'Provisions on Urban Construction Waste'],
    ['建筑垃圾处置管理条例', 'Regulations on Construction Waste Disposal'],
    ['公园城市绿化条例', 'Park City Greening Regulations'],
    ['城市绿化条例', 'Urban Greening Regulations'],
    ['城市道路照明设施管理规定', 'Provisions on Urban Road Lighting'],
    ['城市照明管理规定', 'Provisions on Urban Lighting'],
    ['城市道路管理条例', 'Urban Road Regulations'],
    ['城镇排水与污水处理条例', 'Regulations on Urban Drainage and Sewage Treatment'],
    ['临时占道摊区设置管理规定', 'Provisions on Temporary Street Stall Areas'],
    ['临时便民点设置管理规定', 'Provisions on Temporary Convenience Points'],
    ['临时便民点管理办法', 'Measures on Temporary Convenience Points'],
    ['各市便民摊点管理办法', "each city's measures on convenience stalls"],
    ['中心城区外摆经营管理规定', 'Provisions on Outdoor Trading in the Central City'],
    ['噪声污染防治规定', 'Noise Pollution Prevention Provisions'],
    ['户外广告和招牌设置管理条例', 'Regulations on Outdoor Advertising and Signboards'],
    ['户外广告设置规划', 'Outdoor Advertising Siting Plan'],
    ['生活垃圾管理条例', 'Household Waste Regulations'],
    ['非机动车管理条例', 'Non-motorised Vehicle Regulations'],
    ['无证无照经营查处办法', 'Measures on Unlicensed Business'],
    ['治安管理处罚法', 'Public Security Administration Punishments Law'],
    ['互联网租赁自行车管理办法', 'measures on dockless shared bicycles'],
    ['扬尘污染防治办法', 'Measures on Dust Pollution Prevention'],
    ['安全生产相关规定', 'work-safety provisions'],
    ['建设工程质量管理条例', 'Regulations on Construction Quality'],
    ['安全管理条款', ' safety provisions'],
    ['门前责任区条款', ' frontage-responsibility provisions'],
    ['夜间施工', 'night-time construction'],
    ['城市道路清扫保洁质量标准', 'Urban Road Cleaning Quality Standard'],
  ] as Array<[string, string]>
).sort((a, b) => b[0].length - a[0].length);

const DIGITS: Record<string, number> = { 零: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 八十一 → 81, 一百一十八 → 118, 十四 → 14. */
export function chineseNumeral(text: string): number {
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = DIGITS[ch] ?? 0;
  }
  return total + digit;
}

export function legalBasisInEnglish(zh: string): string {
  let s = zh.replace(/第([零一二两三四五六七八九十百]+)条/g, (_, n: string) => ` Art. ${chineseNumeral(n)}`);
  for (const [from, to] of TERMS) s = s.split(from).join(to);
  return s
    .replace(/[《》]/g, '')
    .replace(/\s*至\s*Art\.\s*/g, '–')
    .replace(/、\s*Art\.\s*/g, ', ')
    .replace(/Art\. (\d+)[–,]/g, (m) => m.replace('Art.', 'Arts.'))
    .replace(/[;；]\s*/g, '; ')
    .replace(/、/g, ', ')
    .replace(/\s*[(\uff08]/g, ' (')
    .replace(/\uff09/g, ')')
    .replace(/\s+/g, ' ')
    .trim();
}
