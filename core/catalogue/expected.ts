/** What a reader expected, by the form a column's cells take: for the messages' {what} and {expected}. */
import type { Lang } from '../types';
import { DEFAULT_RULES, RULE_DESCRIPTIONS, SIX_ONES_RULE } from '../rules';

/** Every name a Rules sheet row may give, for the message on a name it does not know. */
const RULE_NAME_LIST = [...Object.keys(DEFAULT_RULES), SIX_ONES_RULE];

/** What a reader expected: `what` names the kind of value, `expected` shows its forms. */
export const EXPECTED: Record<string, Record<Lang, { what: string; expected: string }>> = {
  date: {
    zh: {
      what: '日期',
      expected: '2026-09-01、2026/9/1、2026年9月1日（可带星期或时间，如 2026年9月8日（星期二））、9月22日（年份取自学期）或 Excel 日期',
    },
    en: {
      what: 'a date',
      expected: '2026-09-01, 2026/9/1, 2026年9月1日 (a weekday or time may follow), 9月22日 (the year from the term) or an Excel date',
    },
  },
  int: {
    zh: { what: '整数', expected: '不小于 0 的整数，可带单位，如 20、20节 或 二十节' },
    en: { what: 'a whole number', expected: 'a whole number 0 or more, unit allowed, like 20, 20节 or 二十节' },
  },
  number: {
    zh: { what: '数字', expected: '不小于 0 的数，可带单位，如 5000 或 5000元' },
    en: { what: 'a number', expected: 'a number 0 or more, unit allowed, like 5000 or 5000元' },
  },
  yesno: {
    zh: {
      what: '是/否',
      expected:
        '是 或 否（也可写 是的/有/无/没有、已提交/未提交、已交/未交、已检查/未检查、已制定/未制定、已完成/未完成、Y/N、yes/no、true/false、√/×、✓/✗、1/0）',
    },
    en: {
      what: 'yes or no',
      expected:
        'yes or no (also Y/N, true/false, 是/否, 是的/有/无/没有, 已提交/未提交, 已交/未交, 已检查/未检查, 已制定/未制定, 已完成/未完成, √/×, ✓/✗, 1/0)',
    },
  },
  term: {
    zh: { what: '学期', expected: '2026-2027-1、2026-2027学年第一学期 或 2026年秋季学期' },
    en: { what: 'a term', expected: '2026-2027-1, 2026-2027 term 1 or 2026年秋季学期 (autumn 2026)' },
  },
  text: {
    zh: { what: '文本', expected: '文字或数字' },
    en: { what: 'text', expected: 'text or a number' },
  },
  enum: {
    zh: { what: '选项', expected: '列表中的一项' },
    en: { what: 'an option', expected: 'one of the listed values' },
  },
  enum_list: {
    zh: { what: '选项', expected: '列表中的一项或多项，用、分隔' },
    en: { what: 'options', expected: 'one or more listed values separated by commas' },
  },
  month_day: {
    zh: { what: '月-日', expected: '月-日，如 09-01' },
    en: { what: 'a month-day', expected: 'a month-day like 09-01' },
  },
  rule_key: {
    zh: {
      what: '规则名',
      expected: `以下规则名之一：${RULE_NAME_LIST.join('、')}（也可写规则的中文说明，如「${RULE_DESCRIPTIONS.min_activities_per_month.zh}」）`,
    },
    en: {
      what: 'a rule name',
      expected: `one of the rule names ${RULE_NAME_LIST.join(', ')} (or the rule's description, like “${RULE_DESCRIPTIONS.min_activities_per_month.en}”)`,
    },
  },
  six_ones: {
    zh: {
      what: '“六个一”各项数量',
      expected:
        '六项数量，写出项目和数量，如 入门课1、汇报课1、讲座1、单元教材分析1、课件3、论文1；或按 入门课、汇报课、讲座、单元教材分析、课件、论文 的顺序写六个数，如 1、1、1、1、3、1',
    },
    en: {
      what: 'the Six Ones counts',
      expected:
        'the six counts, each named, like intro 1, report 1, lecture 1, unit analysis 1, courseware 3, paper 1; or six numbers in the order intro, report, lecture, unit analysis, courseware, paper, like 1, 1, 1, 1, 3, 1',
    },
  },
  positive_int: {
    zh: { what: '正整数', expected: '大于 0 的整数' },
    en: { what: 'a positive whole number', expected: 'a whole number 1 or more' },
  },
};
