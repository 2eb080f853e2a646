import { add_word, cut } from 'jieba-wasm';

/** Words every complaint has (who called, how it was taken, politeness): they say nothing of the matter. */
const STOPWORDS = new Set(
  `市民 来电 来电人 诉求人 诉求 反映 投诉 举报 称 通过 表示 工单 热线 12345 请 请求 希望 要求 尽快 处理 核实 核查 相关 部门 加强 管理 解决
   某 一家 一个 一些 有人 有 没有 很多 大量 非常 特别 严重 每天 每晚 晚上 早上 今天 昨天 一直 经常 长期 多次 已经 还 都 也 就 又 在 是 的 了 着 把 被 和 与 及 到 从 对 让 给 说
   附近 周边 门口 旁边 这里 那里 这个 这条 该 其 我 我们 家 小区 居民 住户 位置 地方 情况 问题 影响 存在 出现 发现 无人 没人 管 不管`.split(/\s+/),
);

const PLACE = /^.{2,}(区|县|市|镇|乡|街道|社区|村|路|街|巷|大道|公园|广场)$/;
const USEFUL = /[\u4e00-\u9fffA-Za-z]/;

/** Makes sure jieba keeps the domain's phrases (the matters' keywords) whole. */
export function addDomainWords(words: Iterable<string>): void {
  for (const w of words) if (w.length >= 2) add_word(w, 2_000, null);
}

/** The words of a complaint that can tell its matter: jieba (HMM on), minus stopwords, place names and punctuation. */
export function segment(text: string): string[] {
  return cut(text, true).filter((w) => USEFUL.test(w) && !STOPWORDS.has(w) && !PLACE.test(w));
}
